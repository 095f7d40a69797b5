package githubrunner.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Python router's config validation (peers.md §A.5 and its test_app.py), with the charm's option names. */
class RoutingRulesTest {
    private static RoutingRules parse(String flavours, String defaultFlavour, String labels) throws RoutingRules.InvalidRules {
        return RoutingRules.parse(flavours, defaultFlavour, labels, RoutingRules.OptionNames.CHARM);
    }

    private static String error(String flavours, String defaultFlavour, String labels) {
        return assertThrows(RoutingRules.InvalidRules.class, () -> parse(flavours, defaultFlavour, labels)).getMessage();
    }

    @Test
    void theYamlListOfSingleKeyMapsBecomesOrderedLowerCaseFlavours() throws Exception {
        RoutingRules rules = parse("- large: [arm64, Large]\n- x64-large: [large, X64, jammy]\n", "small", "Self-Hosted, linux");
        assertEquals(List.of(new RoutingRules.Flavour("large", List.of("arm64", "large")),
                new RoutingRules.Flavour("x64-large", List.of("large", "x64", "jammy"))), rules.flavours());
        assertEquals("small", rules.defaultFlavour());
        assertEquals(List.of("self-hosted", "linux"), rules.defaultLabels());
    }

    @Test
    void flowStyleJsonWorks() throws Exception {
        // The Python router crashed on this (Flask decoded the env var into a list).
        RoutingRules rules = parse("[{\"small\": [\"x64\"]}]", "small", "self-hosted");
        assertEquals("small", rules.flavours().get(0).name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''| webhook-router-flavours config is not set!",
            "'- a: [x\n  - : ]: ['| Invalid 'webhook-router-flavours' config. Invalid yaml.",
            "'large: [x64]'| Invalid 'webhook-router-flavours' config. Expected a YAML file with a list at the top level.",
            "'- large: [x64]\n  small: [arm64]'| Invalid 'webhook-router-flavours' config. Expected a single key-value pair: {\"large\":[\"x64\"],\"small\":[\"arm64\"]}",
            "'- large: [x64]\n- large: [arm64]'| Invalid 'webhook-router-flavours' config. Duplicate flavour 'large' found.",
            "'- large:'| Invalid 'webhook-router-flavours' config. Invalid format.",
            "'- large: [{x64: 1}]'| Invalid 'webhook-router-flavours' config. Invalid format.",
            "'- large: x64'| Invalid 'webhook-router-flavours' config. Invalid format.",
            "'- just-a-string'| Invalid 'webhook-router-flavours' config. Expected a single key-value pair: \"just-a-string\""})
    void flavourErrorsCarryThePythonRoutersMessages(String flavours, String message) {
        assertEquals(message, error(flavours, "small", "self-hosted,linux"));
    }

    @Test
    void defaultFlavourAndLabelsAreRequired() {
        assertEquals("webhook-router-default-flavour config is not set!", error("- a: [x]", " ", "self-hosted"));
        assertEquals("webhook-router-default-labels config is not set!", error("- a: [x]", "a", ""));
        assertEquals("webhook-router-default-labels config is not set!", error("- a: [x]", "a", " , "));
    }

    @Test
    void theTreeRoundTripsThroughTheRouterFile() throws Exception {
        RoutingRules rules = parse("- large: [arm64, large]\n- small: []\n", "small", "self-hosted,linux");
        RoutingRules again = RoutingRules.fromTree(rules.flavoursTree(), "small", "self-hosted,linux",
                RoutingRules.OptionNames.ROUTER_FILE);
        assertEquals(rules, again);
    }
}
