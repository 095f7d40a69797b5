package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import githubrunner.contract.RoutingRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Routing as the Python router's test_router.py has it, and against its 2^n table over every label set. */
class RoutingTableTest {
    private static RoutingTable table(String flavours) throws Exception {
        return new RoutingTable(RoutingRules.parse(flavours, "small", "self-hosted,linux", RoutingRules.OptionNames.ROUTER_FILE));
    }

    @Test
    void theFirstListedFlavourWinsAndAllJobLabelsMustBeItsLabels() throws Exception {
        RoutingTable table = table("- large: [arm64, large]\n- x64-large: [large, x64, jammy]\n");
        assertEquals(Optional.of("large"), table.route(Set.of("large")));
        assertEquals(Optional.of("x64-large"), table.route(Set.of("jammy", "x64")));
        assertEquals(Optional.of("x64-large"), table.route(Set.of("jammy", "x64", "large")));
        assertEquals(Optional.empty(), table.route(Set.of("arm64", "large", "x64")));
        assertEquals(Optional.empty(), table.route(Set.of("gpu")));
        assertEquals(Optional.of("small"), table.route(Set.of()));
    }

    @Test
    void agreesWithThePythonCombinationTableOnEverySubsetOfTheLabels() throws Exception {
        String flavours = "- small: [x64, jammy, small]\n- large: [x64, jammy, large]\n- arm: [arm64, jammy]\n"
                + "- everything: [x64, jammy, small, large, arm64, noble]\n";
        RoutingTable table = table(flavours);
        List<RoutingRules.Flavour> parsed = RoutingRules.parse(flavours, "small", "self-hosted",
                RoutingRules.OptionNames.ROUTER_FILE).flavours();
        // The Python router's table: every non-empty combination of each flavour's labels, first flavour kept.
        Map<Set<String>, String> python = new HashMap<>();
        for (RoutingRules.Flavour flavour : parsed) {
            for (Set<String> combination : subsets(flavour.labels())) {
                if (!combination.isEmpty()) {
                    python.putIfAbsent(combination, flavour.name());
                }
            }
        }
        List<String> universe = List.of("x64", "jammy", "small", "large", "arm64", "noble", "gpu");
        for (Set<String> labels : subsets(universe)) {
            Optional<String> expected = labels.isEmpty() ? Optional.of("small") : Optional.ofNullable(python.get(labels));
            assertEquals(expected, table.route(labels), labels.toString());
        }
    }

    @Test
    void aFlavourWithManyLabelsCostsNothingToBuild() throws Exception {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            labels.append(i == 0 ? "" : ", ").append("label-").append(i);
        }
        // 2^100 - 1 table keys in the Python router; here one entry per label.
        RoutingTable table = table("- wide: [" + labels + "]\n");
        assertEquals(Optional.of("wide"), table.route(Set.of("label-3", "label-99")));
    }

    private static List<Set<String>> subsets(List<String> items) {
        List<Set<String>> subsets = new ArrayList<>();
        for (int mask = 0; mask < (1 << items.size()); mask++) {
            Set<String> subset = new TreeSet<>();
            for (int i = 0; i < items.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(items.get(i));
                }
            }
            subsets.add(subset);
        }
        return subsets;
    }
}
