package dev.airlock.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Runs every row of the parse table, checks that printing round-trips, and that bash agrees on validity. */
class ParserTableTest {
    private static final List<ParseTable.Row> ROWS = ParseTable.rows();

    @Test
    void tableHasAtLeast320Rows() {
        assertTrue(ROWS.size() >= 320, "only " + ROWS.size() + " rows");
    }

    @TestFactory
    Stream<DynamicTest> eachRowParsesToItsExpectedTreeOrError() {
        return ROWS.stream().map(row -> DynamicTest.dynamicTest(
                row.label() + (row.expectsError() ? " is rejected as " : " parses to ") + row.expected(),
                () -> checkRow(row)));
    }

    private static void checkRow(ParseTable.Row row) {
        Script script;
        try {
            script = Parser.parse(row.input());
        } catch (ParseError e) {
            String got = "!" + e.kind() + " " + e.pos();
            assertEquals(row.expected(), got, row.label() + " failed: " + e.reason());
            return;
        }
        assertEquals(row.expected(), ParseTable.dump(script), row.label());
    }

    @TestFactory
    Stream<DynamicTest> printedTreeParsesBackToTheSameTree() {
        return ROWS.stream().filter(row -> !row.expectsError()).map(row -> DynamicTest.dynamicTest(
                row.label() + " survives print and reparse", () -> {
                    Script first = Parser.parse(row.input());
                    String printed = Printer.script(first);
                    Script second;
                    try {
                        second = Parser.parse(printed);
                    } catch (ParseError e) {
                        fail("printed text does not parse (" + e.getMessage() + "):\n" + printed);
                        return;
                    }
                    assertEquals(ParseTable.dump(first), ParseTable.dump(second), "printed as:\n" + printed);
                }));
    }

    /**
     * bash itself must agree on which rows are valid: rows that parse must pass `bash -n`, rows with an
     * error must fail it (INCOMPLETE rows too: at the end of a -c string bash reports unexpected EOF).
     * One bash process reads all inputs and runs `bash -n` on each, so the check stays fast. bash 5.2 prints
     * some `[[` errors yet exits 0, so any output on stderr also counts as a rejection. Rows marked
     * `bash-skip` in the table are left out, each with its reason there.
     */
    @Test
    void bashAgreesOnWhichRowsAreValid(@TempDir Path tmp) throws IOException, InterruptedException {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "no /bin/bash on this machine");
        List<ParseTable.Row> checked = new ArrayList<>();
        StringBuilder inputs = new StringBuilder();
        for (ParseTable.Row row : ROWS) {
            if (!row.bashSkipped()) {
                checked.add(row);
                inputs.append(row.input()).append('\0');
            }
        }
        Path file = tmp.resolve("inputs");
        Files.writeString(file, inputs, StandardCharsets.UTF_8);
        String loop = "while IFS= read -r -d '' s; do"
                + " if /bin/bash -O extglob -n -c \"$s\" >/dev/null 2>\"$1.err\" && ! [ -s \"$1.err\" ];"
                + " then echo ok; else echo error; fi; done < \"$1\"";
        Process p = new ProcessBuilder(bash.toString(), "-c", loop, "check", file.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash did not finish");
        String[] verdicts = out.split("\n");
        assertEquals(checked.size(), verdicts.length, "one verdict per row:\n" + out);
        List<String> disagreements = new ArrayList<>();
        for (int k = 0; k < checked.size(); k++) {
            ParseTable.Row row = checked.get(k);
            String want = row.expectsError() ? "error" : "ok";
            if (!verdicts[k].equals(want)) {
                disagreements.add(row.label() + ": table says " + row.expected() + ", bash -n says " + verdicts[k]);
            }
        }
        assertTrue(disagreements.isEmpty(), String.join("\n", disagreements));
    }
}
