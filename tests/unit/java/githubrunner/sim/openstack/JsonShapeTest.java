package githubrunner.sim.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonShape shape = new JsonShape(Set.of("metadata"), Set.of("typo"), Set.of("pvlan"));

    private List<String> diff(String sample, String actual) throws Exception {
        JsonNode s = JSON.readTree(sample);
        JsonNode a = JSON.readTree(actual);
        return shape.differences(s, a);
    }

    @Test
    void sameFieldsAndTypesAgreeWhateverTheValues() throws Exception {
        assertEquals(List.of(), diff("{\"a\": 1, \"b\": \"x\", \"c\": [{\"d\": true}]}",
                "{\"c\": [{\"d\": false}, {\"d\": true}], \"b\": \"y\", \"a\": 2.5}"));
    }

    @Test
    void missingExtraAndRetypedFieldsAreReported() throws Exception {
        assertEquals(List.of("$.a: sample is number, emulator gives string",
                        "$.b: in the sample, missing from the emulator",
                        "$.c[0].e: given by the emulator, not in the sample"),
                diff("{\"a\": 1, \"b\": 2, \"c\": [{\"d\": 1}]}", "{\"a\": \"1\", \"c\": [{\"d\": 1, \"e\": 2}]}"));
    }

    @Test
    void nullMatchesAnyTypeOnEitherSide() throws Exception {
        assertEquals(List.of(), diff("{\"a\": null, \"b\": \"x\"}", "{\"a\": {\"z\": 1}, \"b\": null}"));
    }

    @Test
    void freeKeyMapsCompareValuesOnlyAndAllowancesApply() throws Exception {
        assertEquals(List.of(), diff("{\"metadata\": {\"k\": \"v\"}, \"typo\": 1, \"pvlan\": \"false\"}",
                "{\"metadata\": {\"other\": \"w\", \"more\": \"x\"}, \"pvlan\": false}"));
        assertEquals(List.of("$.metadata.n: sample is string, emulator gives number"),
                diff("{\"metadata\": {\"k\": \"v\"}}", "{\"metadata\": {\"n\": 1}}"));
    }
}
