package githubrunner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sameFieldsAndTypesMatch() throws Exception {
        JsonNode sample = JSON.readTree("{\"id\": 1, \"name\": \"a\", \"labels\": [{\"id\": 1, \"type\": \"x\"}]}");
        JsonNode actual = JSON.readTree("{\"name\": \"b\", \"id\": 99, \"labels\": [{\"type\": \"y\", \"id\": 2}]}");

        assertEquals(List.of(), JsonShape.differences(sample, actual, Set.of(), Set.of()));
    }

    @Test
    void reportsMissingExtraAndMistypedFields() throws Exception {
        JsonNode sample = JSON.readTree("{\"id\": 1, \"busy\": true, \"labels\": [{\"id\": 1}], \"when\": \"t\"}");
        JsonNode actual = JSON.readTree(
                "{\"id\": \"1\", \"labels\": [{\"id\": 1.5}], \"extra\": 1, \"allowed\": 2, \"when\": null}");

        assertEquals(List.of("id: string, sample has integer", "busy: missing", "labels[].id: number, sample has integer",
                        "when: null, sample has string", "extra: not in the sample"),
                JsonShape.differences(sample, actual, Set.of("allowed"), Set.of()));
        assertEquals(List.of("id: string, sample has integer", "busy: missing", "labels[].id: number, sample has integer",
                        "extra: not in the sample"),
                JsonShape.differences(sample, actual, Set.of("allowed"), Set.of("when")));
    }

    @Test
    void fieldsOnlySomeSampleElementsHaveAreOptional() throws Exception {
        JsonNode sample = JSON.readTree("[{\"id\": 1}, {\"id\": 2, \"url\": \"u\"}]");
        JsonNode actual = JSON.readTree("[{\"id\": 3}]");

        assertEquals(List.of(), JsonShape.differences(sample, actual, Set.of(), Set.of()));
    }
}
