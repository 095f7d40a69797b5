package githubrunner.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The webhook router's routing table, as the Python router's {@code flavours},
 * {@code default-flavour} and {@code default-self-hosted-labels} options give it (reference
 * peers.md §A.5): a YAML list of single-key maps {@code - <flavour>: [label, ...]}, a flavour for
 * jobs with no label beyond the defaults, and the labels every self-hosted runner has (stripped
 * from jobs before routing). The charm validates it for its Blocked message, the router again when
 * it starts; both report the Python router's messages, with the option's own name in them.
 *
 * @param flavours in configured order (the first match wins); labels lower-cased
 * @param defaultLabels lower-cased, stripped of blanks
 */
public record RoutingRules(List<Flavour> flavours, String defaultFlavour, List<String> defaultLabels) {
    /** Labels are runner labels; GitHub allows at most 100 per runner. Anything beyond is hostile or a typo. */
    public static final int MAX_LABELS = 100;
    public static final int MAX_NAME_LENGTH = 255;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public record Flavour(String name, List<String> labels) {
        public Flavour {
            labels = List.copyOf(labels);
        }
    }

    /** An option that cannot be used, with the message the operator sees. */
    public static final class InvalidRules extends Exception {
        public InvalidRules(String message) {
            super(message);
        }
    }

    public RoutingRules {
        flavours = List.copyOf(flavours);
        defaultLabels = List.copyOf(defaultLabels);
    }

    /**
     * Parses the three options as the Python router does.
     *
     * @param names the option names, for messages: flavours, default flavour, default labels
     */
    public static RoutingRules parse(String flavoursYaml, String defaultFlavour, String defaultLabels, OptionNames names)
            throws InvalidRules {
        List<Flavour> flavours = flavours(flavoursYaml, names.flavours());
        return new RoutingRules(flavours, defaultFlavour(defaultFlavour, names.defaultFlavour()),
                defaultLabels(defaultLabels, names.defaultLabels()));
    }

    /** As {@link #parse}, from the flavours tree a router config file carries. */
    public static RoutingRules fromTree(JsonNode flavoursTree, String defaultFlavour, String defaultLabels,
                                        OptionNames names) throws InvalidRules {
        if (flavoursTree == null || flavoursTree.isNull() || flavoursTree.isMissingNode()) {
            throw new InvalidRules(names.flavours() + " config is not set!");
        }
        return new RoutingRules(flavours(flavoursTree, names.flavours()),
                defaultFlavour(defaultFlavour, names.defaultFlavour()), defaultLabels(defaultLabels, names.defaultLabels()));
    }

    /** The option names messages use: the charm's ({@code webhook-router-flavours} ...) or the router file's. */
    public record OptionNames(String flavours, String defaultFlavour, String defaultLabels) {
        public static final OptionNames CHARM = new OptionNames("webhook-router-flavours",
                "webhook-router-default-flavour", "webhook-router-default-labels");
        public static final OptionNames ROUTER_FILE = new OptionNames("flavours", "default-flavour", "default-labels");
    }

    /** The flavours as the YAML tree the router's config file carries (the Python format). */
    public ArrayNode flavoursTree() {
        ArrayNode list = YAML.createArrayNode();
        for (Flavour flavour : flavours) {
            ObjectNode item = list.addObject();
            ArrayNode labels = item.putArray(flavour.name());
            flavour.labels().forEach(labels::add);
        }
        return list;
    }

    /** The flavours in the Python format as YAML text. */
    public String flavoursYaml() {
        try {
            return YAML.writeValueAsString(flavoursTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Flavour> flavours(String text, String option) throws InvalidRules {
        if (text == null || text.isBlank()) {
            throw new InvalidRules(option + " config is not set!");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidRules("Invalid '" + option + "' config. Invalid yaml.");
        }
        return flavours(tree, option);
    }

    /** Validates a parsed tree: a list of single-key maps of flavour to a list of label strings. */
    public static List<Flavour> flavours(JsonNode tree, String option) throws InvalidRules {
        String prefix = "Invalid '" + option + "' config. ";
        if (tree == null || !tree.isArray()) {
            throw new InvalidRules(prefix + "Expected a YAML file with a list at the top level.");
        }
        List<Flavour> flavours = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : tree) {
            if (!item.isObject() || item.size() != 1) {
                throw new InvalidRules(prefix + "Expected a single key-value pair: " + shown(item));
            }
            Map.Entry<String, JsonNode> entry = item.fields().next();
            String name = entry.getKey();
            if (!seen.add(name)) {
                throw new InvalidRules(prefix + "Duplicate flavour '" + shown(name) + "' found.");
            }
            JsonNode labels = entry.getValue();
            if (name.isBlank() || name.length() > MAX_NAME_LENGTH || hasControl(name) || !labels.isArray()
                    || labels.size() > MAX_LABELS) {
                throw new InvalidRules(prefix + "Invalid format.");
            }
            Set<String> unique = new LinkedHashSet<>();
            for (JsonNode label : labels) {
                if (!label.isTextual() || label.asText().length() > MAX_NAME_LENGTH || hasControl(label.asText())) {
                    throw new InvalidRules(prefix + "Invalid format.");
                }
                unique.add(label.asText().toLowerCase(Locale.ROOT));
            }
            flavours.add(new Flavour(name, List.copyOf(unique)));
        }
        return flavours;
    }

    static String defaultFlavour(String text, String option) throws InvalidRules {
        String flavour = text == null ? "" : text.strip();
        if (flavour.isEmpty()) {
            throw new InvalidRules(option + " config is not set!");
        }
        if (flavour.length() > MAX_NAME_LENGTH || hasControl(flavour)) {
            throw new InvalidRules("Invalid '" + option + "' config.");
        }
        return flavour;
    }

    /** Comma-separated, as the Python router splits it; blanks around a label are dropped (it kept them). */
    static List<String> defaultLabels(String text, String option) throws InvalidRules {
        if (text == null || text.isBlank()) {
            throw new InvalidRules(option + " config is not set!");
        }
        Set<String> labels = new LinkedHashSet<>();
        for (String label : text.split(",")) {
            String clean = label.strip().toLowerCase(Locale.ROOT);
            if (!clean.isEmpty()) {
                labels.add(clean);
            }
        }
        if (labels.isEmpty()) {
            throw new InvalidRules(option + " config is not set!");
        }
        return List.copyOf(labels);
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static String shown(JsonNode node) {
        return shown(node.toString());
    }

    private static String shown(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
