package githubrunner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> diff(JsonShape shape, String sample, String actual) throws Exception {
        return shape.differences(JSON.readTree(sample), JSON.readTree(actual));
    }

    @Test
    void sameFieldsAndTypesMatchWhateverTheValues() throws Exception {
        assertEquals(List.of(), diff(JsonShape.EXACT,
                "{\"id\": 1, \"name\": \"a\", \"labels\": [{\"id\": 1, \"type\": \"x\"}]}",
                "{\"name\": \"b\", \"id\": 99, \"labels\": [{\"type\": \"y\", \"id\": 2}, {\"id\": 3, \"type\": \"z\"}]}"));
    }

    @Test
    void reportsMissingExtraAndMistypedFields() throws Exception {
        String sample = "{\"id\": 1, \"busy\": true, \"labels\": [{\"id\": 1}], \"when\": \"t\"}";
        String actual = "{\"id\": \"1\", \"labels\": [{\"id\": 1.5}], \"extra\": 1, \"allowed\": 2, \"when\": null}";
        JsonShape shape = JsonShape.EXACT.extras(Set.of("allowed"));

        assertEquals(List.of("id: string, sample has integer", "busy: missing", "labels[].id: number, sample has integer",
                        "when: null, sample has string", "extra: not in the sample"),
                diff(shape, sample, actual));
        assertEquals(List.of("id: string, sample has integer", "busy: missing", "labels[].id: number, sample has integer",
                        "extra: not in the sample"),
                diff(shape.nullable(Set.of("when")), sample, actual));
        assertEquals(List.of("id: string, sample has integer", "busy: missing", "labels[].id: number, sample has integer",
                        "extra: not in the sample"),
                diff(shape.nullsAnywhere(), sample, actual));
    }

    @Test
    void aSampleNullAcceptsAnyType() throws Exception {
        assertEquals(List.of(), diff(JsonShape.EXACT, "{\"a\": null}", "{\"a\": {\"z\": 1}}"));
    }

    @Test
    void fieldsOnlySomeSampleElementsHaveAreOptional() throws Exception {
        assertEquals(List.of(), diff(JsonShape.EXACT, "[{\"id\": 1}, {\"id\": 2, \"url\": \"u\"}]", "[{\"id\": 3}]"));
    }

    @Test
    void freeKeyMapsCompareValuesOnlyAndAllowancesApplyAtAnyDepth() throws Exception {
        JsonShape shape = JsonShape.EXACT.freeKeyMaps(Set.of("metadata")).optional(Set.of("typo"))
                .looselyTyped(Set.of("pvlan"));

        assertEquals(List.of(), diff(shape, "{\"metadata\": {\"k\": \"v\"}, \"s\": {\"typo\": 1, \"pvlan\": \"false\"}}",
                "{\"metadata\": {\"other\": \"w\", \"more\": \"x\"}, \"s\": {\"pvlan\": false}}"));
        assertEquals(List.of("metadata.n: integer, sample has string"),
                diff(shape, "{\"metadata\": {\"k\": \"v\"}}", "{\"metadata\": {\"n\": 1}}"));
    }
}
