package dev.airlock.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The approval protocol (docs/approval-protocol.md): one JSON object per line over a Unix domain
 * socket, one connection per request. The shim sends a `request`; the console answers one
 * `decision` and closes. Lines over 1 MiB are refused.
 */
public final class Protocol {
    public static final int MAX_LINE = 1 << 20;
    /** Duplicate keys are refused: `{"decision":"deny","decision":"approve"}` must not mean approve. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Protocol() {}

    /** A malformed or oversized message. */
    public static final class ProtocolException extends Exception {
        public ProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    public static String request(ApprovalRequest r, long pid, long timeoutSeconds) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "request");
        o.put("id", r.id());
        o.put("command", r.command());
        o.put("cwd", r.cwd());
        o.put("decision", "ask");
        ArrayNode reasons = o.putArray("reasons");
        r.reasons().forEach(reasons::add);
        ArrayNode rules = o.putArray("rules");
        r.rules().forEach(rules::add);
        o.put("agent", r.agent());
        ArrayNode chain = o.putArray("process_chain");
        r.processChain().forEach(chain::add);
        o.put("pid", pid);
        o.put("timeout_s", timeoutSeconds);
        if (!r.sandboxes().isEmpty()) {
            o.put("sandbox", r.sandboxes().get(0));
            ArrayNode offered = o.putArray("sandboxes");
            r.sandboxes().forEach(offered::add);
        }
        ArrayNode spans = o.putArray("highlights");
        for (int[] h : r.highlights()) {
            spans.addArray().add(h[0]).add(h[1]);
        }
        return o.toString();
    }

    public static String decision(String id, boolean approve, String scope, String note) {
        return decision(id, approve, scope, note, null);
    }

    /** {@code sandbox}: the profile chosen among the request's `sandboxes`; null keeps the proposed one. */
    public static String decision(String id, boolean approve, String scope, String note, String sandbox) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "decision");
        o.put("id", id);
        o.put("decision", approve ? "approve" : "deny");
        o.put("scope", scope);
        if (sandbox != null) {
            o.put("sandbox", sandbox);
        }
        if (note != null) {
            o.put("note", note);
        }
        return o.toString();
    }

    /** A request as the console received it. */
    public record Request(String id, String command, String cwd, List<String> reasons, List<String> rules, String agent,
            List<String> processChain, long pid, long timeoutSeconds, List<int[]> highlights, List<String> sandboxes) {
        /** The same request, asked by {@code pid} as the kernel knows it: what the client said of itself is dropped. */
        public Request from(long pid, String agent, List<String> processChain) {
            return new Request(id, command, cwd, reasons, rules, agent, List.copyOf(processChain), pid, timeoutSeconds,
                    highlights, sandboxes);
        }
    }

    public static Request parseRequest(String line) throws ProtocolException {
        JsonNode o = parse(line);
        if (!"request".equals(o.path("type").asText())) {
            throw new ProtocolException("expected a message of type \"request\"");
        }
        String id = text(o, "id");
        String command = text(o, "command");
        return new Request(id, command, o.path("cwd").asText(""), strings(o.get("reasons")), strings(o.get("rules")),
                o.path("agent").asText("unknown"), strings(o.get("process_chain")), o.path("pid").asLong(0),
                Math.max(1, o.path("timeout_s").asLong(120)), spans(o.get("highlights"), command.length()),
                strings(o.get("sandboxes")));
    }

    /** The console's answer, as the shim reads it. */
    public record Decision(String id, boolean approve, String scope, String note, String sandbox) {}

    public static Decision parseDecision(String line, String expectedId) throws ProtocolException {
        JsonNode o = parse(line);
        if (!"decision".equals(o.path("type").asText())) {
            throw new ProtocolException("expected a message of type \"decision\"");
        }
        if (!expectedId.equals(o.path("id").asText())) {
            throw new ProtocolException("the decision is for another request");
        }
        String d = text(o, "decision");
        if (!d.equals("approve") && !d.equals("deny")) {
            throw new ProtocolException("decision must be approve or deny");
        }
        return new Decision(expectedId, d.equals("approve"), o.path("scope").asText("once"),
                o.hasNonNull("note") ? o.get("note").asText() : null,
                o.hasNonNull("sandbox") ? o.get("sandbox").asText() : null);
    }

    /** True when something accepts connections on {@code socket}: a console (it drops a client that sends nothing). */
    public static boolean listening(java.nio.file.Path socket) {
        try (SocketChannel ch = SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.connect(java.net.UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads one line (up to {@link #MAX_LINE} bytes); null at end of stream. */
    public static String readLine(java.nio.channels.ReadableByteChannel ch) throws IOException, ProtocolException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            int n = ch.read(one);
            if (n < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            byte b = one.get(0);
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
            if (line.size() > MAX_LINE) {
                throw new ProtocolException("message longer than " + MAX_LINE + " bytes");
            }
        }
    }

    public static void writeLine(java.nio.channels.WritableByteChannel ch, String line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static JsonNode parse(String line) throws ProtocolException {
        try {
            JsonNode o = JSON.readTree(line);
            if (o == null || !o.isObject()) {
                throw new ProtocolException("expected one JSON object");
            }
            return o;
        } catch (IOException e) {
            throw new ProtocolException("not JSON");
        }
    }

    private static String text(JsonNode o, String field) throws ProtocolException {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new ProtocolException("\"" + field + "\" must be a non-empty string");
        }
        return v.asText();
    }

    /** `[[start, end], ...]` within the command; anything out of range is dropped, not trusted. */
    private static List<int[]> spans(JsonNode n, int length) {
        List<int[]> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            for (JsonNode s : n) {
                int a = s.path(0).asInt(-1);
                int b = s.path(1).asInt(-1);
                if (a >= 0 && b > a && b <= length && out.size() < 64) {
                    out.add(new int[] {a, b});
                }
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        }
        return out;
    }
}
