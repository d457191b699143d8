package dev.airlock.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which decisions wait for a result before review commands show what came after them. */
class JoinerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StoredRecord record(long seq, String json) throws Exception {
        String line = json.replace("SEQ", Long.toString(seq));
        return new StoredRecord(JSON.readTree(line), line, Path.of("audit.jsonl"), seq);
    }

    private static List<Long> emittedBeforeFinish(List<StoredRecord> records) {
        List<Long> out = new ArrayList<>();
        Joiner j = new Joiner(e -> out.add(e.first().seq()));
        records.forEach(j);
        return out;
    }

    @Test
    void aHookAnswerAndARefusedAskDoNotHoldBackLaterEntries() throws Exception {
        List<StoredRecord> records = List.of(
                record(1, "{\"seq\":SEQ,\"event\":\"decision\",\"command\":\"touch x\",\"decision\":\"ask\",\"outcome\":\"answered\",\"hook\":\"PreToolUse\"}"),
                record(2, "{\"seq\":SEQ,\"event\":\"decision\",\"command\":\"touch y\",\"decision\":\"ask\",\"outcome\":\"refused\"}"),
                record(3, "{\"seq\":SEQ,\"event\":\"decision\",\"command\":\"ls\",\"decision\":\"allow\",\"outcome\":\"run\"}"),
                record(4, "{\"seq\":SEQ,\"event\":\"result\",\"command\":\"ls\",\"exit\":0,\"decision_seq\":3}"));
        assertEquals(List.of(1L, 2L, 3L), emittedBeforeFinish(records));
    }

    @Test
    void aDecisionThatRanWaitsForItsResult() throws Exception {
        List<StoredRecord> records = List.of(
                record(1, "{\"seq\":SEQ,\"event\":\"decision\",\"command\":\"sleep 1\",\"decision\":\"allow\",\"outcome\":\"run\"}"),
                record(2, "{\"seq\":SEQ,\"event\":\"decision\",\"command\":\"ls\",\"decision\":\"allow\"}"));
        assertEquals(List.of(), emittedBeforeFinish(records));
    }
}
