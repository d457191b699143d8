package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.Verdict;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * `airlock check --batch`: one JSON line in, one JSON line out, in order. A bad line (not JSON,
 * not UTF-8, too long, no command) gets an `error` and decision deny, and the batch goes on.
 */
final class BatchCheck {
    /** A line longer than this is refused without holding it in memory. */
    static final int MAX_LINE = 2 << 20;
    /**
     * Input lines are read strictly: `{"command":"rm -rf /","command":"ls"}` and `{"command":"ls"} {...}`
     * mean different things to different readers, so they are malformed, not the last or the first value.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper INPUT = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    interface ClassifierFor {
        Classifier get(String dir) throws PolicyException;
    }

    private final ClassifierFor classifiers;
    private final String defaultCwd;
    private final String agent;

    /** {@code agent}: whose harness text to unwrap (null: any agent's), as `check --agent`. */
    BatchCheck(ClassifierFor classifiers, String defaultCwd, String agent) {
        this.agent = agent;
        this.classifiers = classifiers;
        this.defaultCwd = defaultCwd;
    }

    /** Lines handed to a worker at once, and the bytes a chunk may hold, so memory stays bounded. */
    private static final int CHUNK_LINES = 256;
    private static final int CHUNK_BYTES = 4 << 20;

    /**
     * Classifies on every core and writes the answers in input order: chunks of lines go to a pool,
     * and the oldest chunk is written as soon as it is done, with at most two chunks per core in flight.
     */
    int run(InputStream in, OutputStream rawOut) throws IOException {
        OutputStream out = new BufferedOutputStream(rawOut, 1 << 16);
        LineSource lines = new LineSource(in);
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "airlock-batch");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<List<String>>> inflight = new ArrayDeque<>();
        try {
            List<byte[]> chunk;
            while (!(chunk = nextChunk(lines)).isEmpty()) {
                List<byte[]> mine = chunk;
                inflight.add(pool.submit(() -> handleAll(mine)));
                if (inflight.size() >= 2 * workers) {
                    write(out, inflight.poll());
                }
            }
            while (!inflight.isEmpty()) {
                write(out, inflight.poll());
            }
        } finally {
            pool.shutdownNow();
        }
        out.flush();
        return 0;
    }

    /** A line over the limit arrives as null: it was dropped while reading, not held in memory. */
    private static List<byte[]> nextChunk(LineSource lines) throws IOException {
        List<byte[]> chunk = new ArrayList<>();
        long bytes = 0;
        byte[] line;
        while (chunk.size() < CHUNK_LINES && bytes < CHUNK_BYTES && (line = lines.next()) != null) {
            chunk.add(lines.lastTooLong() ? null : line);
            bytes += line.length;
        }
        return chunk;
    }

    private List<String> handleAll(List<byte[]> chunk) {
        List<String> results = new ArrayList<>(chunk.size());
        for (byte[] line : chunk) {
            results.add(line == null ? Check.errorJson(null, "line longer than " + MAX_LINE + " bytes") : handle(line));
        }
        return results;
    }

    private static void write(OutputStream out, Future<List<String>> done) throws IOException {
        List<String> results;
        try {
            results = done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            // handle() turns every failure into an error line; anything else is a bug that must not pass silently.
            throw new IllegalStateException(e.getCause());
        }
        for (String result : results) {
            out.write(result.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }

    private String handle(byte[] bytes) {
        String text;
        try {
            CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            text = dec.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Check.errorJson(null, "line is not valid UTF-8");
        }
        if (text.isBlank()) {
            return Check.errorJson(null, "empty line; expected {\"command\": ...}");
        }
        JsonNode node;
        try {
            node = INPUT.readTree(text);
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            if (String.valueOf(msg).startsWith("Trailing token")) {
                msg = "text after the JSON object";
            }
            return Check.errorJson(null, "not JSON: " + String.valueOf(msg).split("\n")[0]);
        }
        if (node == null || !node.isObject()) {
            return Check.errorJson(null, "expected a JSON object {\"command\": ...}");
        }
        JsonNode cmd = node.get("command");
        if (cmd == null || !cmd.isTextual()) {
            return Check.errorJson(null, "\"command\" must be a string");
        }
        JsonNode cwdNode = node.get("cwd");
        if (cwdNode != null && !cwdNode.isTextual() && !cwdNode.isNull()) {
            return Check.errorJson(cmd.asText(), "\"cwd\" must be a string");
        }
        String cwd = cwdNode != null && cwdNode.isTextual() ? cwdNode.asText() : defaultCwd;
        try {
            HarnessText.Judged judged = HarnessText.of(cmd.asText(), agent);
            return judged.json(judged.classify(classifiers.get(cwd), cwd)).toString();
        } catch (PolicyException e) {
            return Check.errorJson(cmd.asText(), "policy: " + e.getMessage());
        } catch (RuntimeException e) {
            // Fail closed on anything unexpected; the batch goes on.
            return Check.errorJson(cmd.asText(), "internal error: " + e);
        }
    }

    /** Splits a byte stream on newlines, dropping (and flagging) lines over the limit. */
    private static final class LineSource {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int len;
        private boolean tooLong;

        LineSource(InputStream in) {
            this.in = in;
        }

        boolean lastTooLong() {
            return tooLong;
        }

        byte[] next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            tooLong = false;
            boolean any = false;
            while (true) {
                if (pos == len) {
                    len = in.read(buf);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        return any ? finish(line) : null;
                    }
                }
                any = true;
                int start = pos;
                while (pos < len && buf[pos] != '\n') {
                    pos++;
                }
                if (!tooLong) {
                    line.write(buf, start, pos - start);
                    if (line.size() > MAX_LINE) {
                        tooLong = true;
                        line.reset();
                    }
                }
                if (pos < len) {
                    pos++;
                    return finish(line);
                }
            }
        }

        private byte[] finish(ByteArrayOutputStream line) {
            byte[] b = line.toByteArray();
            if (b.length > 0 && b[b.length - 1] == '\r') {
                return java.util.Arrays.copyOf(b, b.length - 1);
            }
            return b;
        }
    }
}
