package githubrunner.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The kombu document shapes of reference/peers.md §A.6 and §B. */
class KombuMessageTest {
    /** The document kombu 5.6.2 produced for SimpleQueue("large").put(job_json), as captured. */
    private static final String CAPTURED_PAYLOAD = "{\"body\": \"eyJsYWJlbHMiOlsibGFyZ2UiLCJ4NjQiXSwic3RhdHVzIjoicXVldWVkIiwidXJsIjoiaHR0cHM6Ly9hcGkuZ2l0aHViLmNvbS9yZXBvcy9vL3IvYWN0aW9ucy9qb2JzLzEyMyJ9\","
            + " \"content-encoding\": \"utf-8\", \"content-type\": \"text/plain\", \"headers\": {},"
            + " \"properties\": {\"delivery_mode\": 2, \"delivery_info\": {\"exchange\": \"large\", \"routing_key\": \"large\"},"
            + " \"priority\": 0, \"body_encoding\": \"base64\", \"delivery_tag\": \"7505aa1a-846f-4c08-8c41-b72375000e20\"}}";
    private static final String JOB = "{\"labels\":[\"large\",\"x64\"],\"status\":\"queued\",\"url\":\"https://api.github.com/repos/o/r/actions/jobs/123\"}";

    @Test
    void readsTheDocumentKombuWrites() throws Exception {
        Document document = new Document("queue", "large").append("priority", 9).append("payload", CAPTURED_PAYLOAD);
        assertEquals(JOB, KombuMessage.fromDocument(document).bodyText());
    }

    @Test
    void writesTheEnvelopeKombuWrites() throws Exception {
        Document document = KombuMessage.text("large", JOB).toDocument("large");
        assertEquals("large", document.get("queue"));
        assertEquals(9, document.get("priority"));
        var mapper = new ObjectMapper();
        var written = mapper.readTree(document.getString("payload"));
        var captured = mapper.readTree(CAPTURED_PAYLOAD);
        assertEquals(captured.get("body"), written.get("body"));
        assertEquals(captured.path("properties").path("delivery_info"), written.path("properties").path("delivery_info"));
        for (String field : new String[] {"content-encoding", "content-type", "headers"}) {
            assertEquals(captured.get(field), written.get(field), field);
        }
        for (String field : new String[] {"delivery_mode", "priority", "body_encoding"}) {
            assertEquals(captured.path("properties").get(field), written.path("properties").get(field), field);
        }
        assertTrue(written.path("properties").path("delivery_tag").asText().matches("[0-9a-f-]{36}"));
    }

    @Test
    void aRedeliveredCopyKeepsTheEnvelopeAndCountsAttempts() throws Exception {
        KombuMessage message = KombuMessage.text("large", JOB).redelivered("X-Process-Count", 2);
        KombuMessage read = KombuMessage.fromDocument(message.toDocument("large"));
        assertEquals(JOB, read.bodyText());
        assertEquals(2, read.headerLong("X-Process-Count"));
        assertTrue(read.envelope().path("redelivered").asBoolean());
    }

    @Test
    void anApplicationJsonBodyIsReadAsJson() throws Exception {
        String payload = "{\"body\": {\"labels\": [], \"url\": \"u\"}, \"content-type\": \"application/json\","
                + " \"content-encoding\": \"utf-8\", \"headers\": {}, \"properties\": {}}";
        String body = KombuMessage.fromDocument(new Document("payload", payload)).bodyText();
        assertEquals("{\"labels\":[],\"url\":\"u\"}", body);
    }

    @Test
    void hostileDocumentsAreMalformedWithAReason() {
        String[][] cases = {
                {"not json", "payload is not JSON"},
                {"[1]", "payload is not a JSON object"},
                {"{\"body\": \"%%%\", \"properties\": {\"body_encoding\": \"base64\"}}", "body is not valid base64"},
                {"{\"body\": \"eA==\", \"content-type\": \"application/x-python-serialize\"}", "unsupported content type"},
                {"{\"body\": \"eA==\", \"content-encoding\": \"no-such\", \"properties\": {\"body_encoding\": \"base64\"}}",
                        "unsupported content encoding"},
                {"{}", "no body"},
                {"x".repeat(KombuMessage.MAX_PAYLOAD_CHARS + 1), "exceeds"},
        };
        for (String[] c : cases) {
            var error = assertThrows(KombuMessage.MalformedMessage.class,
                    () -> KombuMessage.fromDocument(new Document("payload", c[0])));
            assertTrue(error.getMessage().contains(c[1]), c[1] + " <> " + error.getMessage());
        }
        var error = assertThrows(KombuMessage.MalformedMessage.class,
                () -> KombuMessage.fromDocument(new Document("payload", 42)));
        assertEquals("payload is not a string", error.getMessage());
    }
}
