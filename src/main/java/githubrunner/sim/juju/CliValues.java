package githubrunner.sim.juju;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** KEY=VALUE arguments of juju-local, with the juju CLI's ways of reading a value from a file. */
final class CliValues {
    private CliValues() {}

    /** {@code KEY=VALUE} pairs; {@code KEY=@FILE} reads the value from FILE, as {@code juju config} does. */
    static Map<String, String> config(List<String> args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = split(arg);
            map.put(pair[0], pair[1].startsWith("@") ? read(pair[1].substring(1)) : pair[1]);
        }
        return map;
    }

    /** {@code KEY=VALUE} pairs; {@code KEY#file=FILE} reads the value from FILE, as {@code juju add-secret} does. */
    static Map<String, String> secret(List<String> args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = split(arg);
            if (pair[0].endsWith("#file")) {
                map.put(pair[0].substring(0, pair[0].length() - "#file".length()), read(pair[1]));
            } else {
                map.put(pair[0], pair[1]);
            }
        }
        return map;
    }

    /** {@code KEY=VALUE} taken literally (relation data). */
    static Map<String, String> literal(List<String> args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = split(arg);
            map.put(pair[0], pair[1]);
        }
        return map;
    }

    private static String[] split(String arg) {
        int equals = arg.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("expected KEY=VALUE, got '" + arg + "'");
        }
        return new String[] {arg.substring(0, equals), arg.substring(equals + 1)};
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
