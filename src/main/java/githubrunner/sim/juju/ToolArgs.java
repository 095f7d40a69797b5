package githubrunner.sim.juju;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line parsing with the conventions of Juju's gnuflag: {@code --name}, {@code --name=value},
 * {@code --name value}, {@code -x value}, flags interspersed with arguments until {@code --}.
 * An undefined flag is a usage error (exit 2), as in Juju.
 */
final class ToolArgs {
    /** Which flags a tool takes: boolean ones, ones with a value, and short aliases. */
    record Spec(Set<String> bools, Set<String> values, Map<String, String> aliases) {
        static Spec of(Set<String> bools, Set<String> values) {
            return new Spec(bools, values, Map.of());
        }

        Spec withAliases(Map<String, String> aliases) {
            return new Spec(bools, values, aliases);
        }
    }

    private final Map<String, String> flags;
    final List<String> positional;

    private ToolArgs(Map<String, String> flags, List<String> positional) {
        this.flags = flags;
        this.positional = positional;
    }

    static ToolArgs parse(List<String> args, Spec spec) throws ToolError {
        Map<String, String> flags = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String name = body;
            String value = null;
            int equals = body.indexOf('=');
            if (equals >= 0) {
                name = body.substring(0, equals);
                value = body.substring(equals + 1);
            }
            name = spec.aliases().getOrDefault(name, name);
            if (spec.bools().contains(name)) {
                if (value != null && !value.matches("(?i)true|false|1|0")) {
                    throw ToolError.usage("invalid boolean value \"" + value + "\" for flag " + arg);
                }
                flags.put(name, value == null ? "true" : value.toLowerCase());
            } else if (spec.values().contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw ToolError.usage("option needs an argument: " + arg);
                    }
                    value = args.get(++i);
                }
                flags.put(name, value);
            } else {
                throw ToolError.usage("option provided but not defined: " + arg.split("=", 2)[0]);
            }
        }
        return new ToolArgs(flags, positional);
    }

    boolean bool(String name) {
        String value = flags.get(name);
        return value != null && (value.equals("true") || value.equals("1"));
    }

    String value(String name) {
        return flags.get(name);
    }

    boolean has(String name) {
        return flags.containsKey(name);
    }

    /** Rejects arguments beyond {@code max}, as Juju does with "unrecognized args". */
    void maxPositional(int max) throws ToolError {
        if (positional.size() > max) {
            List<String> extra = positional.subList(max, positional.size());
            StringBuilder text = new StringBuilder("unrecognized args: [");
            for (int i = 0; i < extra.size(); i++) {
                text.append(i == 0 ? "" : " ").append('"').append(extra.get(i)).append('"');
            }
            throw ToolError.usage(text.append(']').toString());
        }
    }
}
