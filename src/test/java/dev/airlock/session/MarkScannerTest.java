package dev.airlock.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scanner over the shell's output: what the screen gets and which marks airlock sees, whether
 * the bytes come in one read or one byte at a time. `^` stands for ESC and `@` for BEL in the table.
 */
class MarkScannerTest {
    static final String NONCE = "n0nce";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain text passes                       | abc                                   | abc             |
            our marks are taken out                 | a^]133;C;airlock-n0nce@b^]133;D;7;airlock-n0nce@c | abc | C D7
            a prompt between A and B                | ^]133;A;airlock-n0nce@$ ^]133;B;airlock-n0nce@ | '$ ' | A B
            ST ends a mark too                      | ^]133;C;airlock-n0nce^\\x               | x               | C
            no nonce: output                        | ^]133;D;0@x                           | ^]133;D;0@x     |
            a wrong nonce: output                   | ^]133;D;0;airlock-guess@x             | ^]133;D;0;airlock-guess@x |
            a status that is not a number: output   | ^]133;D;x;airlock-n0nce@              | ^]133;D;x;airlock-n0nce@ |
            other OSC (a title) passes              | ^]0;title@x                           | ^]0;title@x     |
            CSI and colours pass                    | ^[31mred^[0m                          | ^[31mred^[0m    |
            an unterminated OSC cannot hide a mark  | ^]133;evil^]133;D;0;airlock-n0nce@z   | ^]133;evilz     | D0
            an overlong OSC flows through           | ^]LONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONG@ | ^]LONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONG@ |
            ESC ESC then a mark                     | ^^^]133;C;airlock-n0nce@             | ^^              | C
            a lone ESC at the end is kept           | ab^                                   | ab^             |
            """)
    void splitsOutputAndMarks(String name, String input, String screen, String marks) {
        for (int chunk : new int[] {Integer.MAX_VALUE, 1, 3}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> seen = new ArrayList<>();
            MarkScanner s = new MarkScanner(NONCE, new MarkScanner.Sink() {
                @Override
                public void output(byte[] b, int off, int len) {
                    out.write(b, off, len);
                }

                @Override
                public void mark(Mark m) {
                    seen.add(m instanceof Mark.CommandEnd d ? "D" + d.status() : m instanceof Mark.PromptStart ? "A"
                            : m instanceof Mark.PromptEnd ? "B" : "C");
                }
            });
            byte[] bytes = bytes(input);
            for (int at = 0; at < bytes.length; at += Math.min(chunk, bytes.length - at)) {
                s.feed(bytes, at, Math.min(chunk, bytes.length - at));
            }
            s.finish();
            assertEquals(new String(bytes(screen), StandardCharsets.ISO_8859_1), out.toString(StandardCharsets.ISO_8859_1),
                    name + " (reads of " + chunk + ")");
            assertEquals(marks == null ? "" : marks, String.join(" ", seen), name + " (reads of " + chunk + ")");
        }
    }

    private static byte[] bytes(String table) {
        return (table == null ? "" : table).replace('^', '\u001b').replace('@', '\u0007').getBytes(StandardCharsets.ISO_8859_1);
    }
}
