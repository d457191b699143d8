package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden table of what the analyzer finds: each row's invocations, edges and limit must stay as
 * recorded. After a deliberate change in what the analyzer finds, run this test with
 * `-Dairlock.golden.update=true` to rewrite the table, and read the diff before committing it.
 */
class InvocationTableTest {
    private static final InvocationTable.Table TABLE = InvocationTable.read();

    @Test
    void tableHoldsTheCorporaAndTheParseTable() {
        assertTrue(TABLE.rows().size() >= 2000, "only " + TABLE.rows().size() + " rows");
    }

    @TestFactory
    Stream<DynamicTest> eachRowFindsWhatTheTableRecords() throws Exception {
        if (Boolean.getBoolean("airlock.golden.update")) {
            Files.writeString(Path.of(InvocationTable.FILE), InvocationTable.rewrite(TABLE), StandardCharsets.UTF_8);
            return Stream.empty();
        }
        return TABLE.rows().stream().map(row -> DynamicTest.dynamicTest(row.label(), () ->
                assertEquals(String.join("\n", row.expected()), String.join("\n", InvocationTable.render(row)),
                        row.label())));
    }
}
