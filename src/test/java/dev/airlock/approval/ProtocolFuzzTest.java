package dev.airlock.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the approval protocol's decoding (docs/approval-protocol.md) with one line as it comes off the
 * socket. Properties: parsing fails only with {@link Protocol.ProtocolException}; a decision approves only
 * when the line is one JSON object without duplicate keys whose type is "decision", whose id is the one
 * asked for and whose decision is exactly "approve"; a parsed request keeps its highlights in its command.
 *
 * <p>`mvn test` replays the committed inputs under {@code ProtocolFuzzTestInputs/decodes}; docs/security.md
 * says how to fuzz for longer.
 */
class ProtocolFuzzTest {
    /** Strict about duplicate keys: `{"decision":"deny","decision":"approve"}` means two things. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String ID = "r-1";

    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/dev/airlock/approval/protocol.dict")
    void decodes(byte[] input) throws Exception {
        String line = new String(input, StandardCharsets.UTF_8);
        try {
            Protocol.Decision d = Protocol.parseDecision(line, ID);
            if (d.approve()) {
                JsonNode o = JSON.readTree(line);
                assertTrue(o.isObject(), line);
                assertEquals("decision", o.get("type").asText(), line);
                assertEquals(ID, o.get("id").asText(), line);
                assertEquals("approve", o.get("decision").asText(), line);
            }
        } catch (Protocol.ProtocolException expected) {
            // a bad answer is a denial
        }
        try {
            Protocol.Request r = Protocol.parseRequest(line);
            for (int[] h : r.highlights()) {
                assertTrue(h[0] >= 0 && h[0] < h[1] && h[1] <= r.command().length(), line);
            }
        } catch (Protocol.ProtocolException expected) {
            // the console ignores it
        }
    }
}
