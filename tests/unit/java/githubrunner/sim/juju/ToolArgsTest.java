package githubrunner.sim.juju;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolArgsTest {
    static final ToolArgs.Spec RELATION_GET = ToolArgs.Spec.of(Set.of("app"), Set.of("format", "relation"))
            .withAliases(Map.of("r", "relation"));

    @Test
    void parsesGnuflagStyles() throws ToolError {
        ToolArgs args = ToolArgs.parse(List.of("-r", "image:3", "--app", "--format=json", "-", "x/0"), RELATION_GET);
        assertEquals("image:3", args.value("relation"));
        assertTrue(args.bool("app"));
        assertEquals("json", args.value("format"));
        assertEquals(List.of("-", "x/0"), args.positional);
        assertEquals("7", ToolArgs.parse(List.of("--relation", "7"), RELATION_GET).value("relation"));
        assertEquals("7", ToolArgs.parse(List.of("--relation=7"), RELATION_GET).value("relation"));
    }

    @Test
    void doubleDashEndsFlags() throws ToolError {
        ToolArgs args = ToolArgs.parse(List.of("--", "--app", "-r"), RELATION_GET);
        assertEquals(List.of("--app", "-r"), args.positional);
    }

    @Test
    void undefinedFlagIsAUsageError() {
        ToolError e = assertThrows(ToolError.class, () -> ToolArgs.parse(List.of("--x=1"), RELATION_GET));
        assertEquals(2, e.exitCode);
        assertEquals("option provided but not defined: --x", e.getMessage());
    }

    @Test
    void extraArgumentsAreAUsageError() throws ToolError {
        ToolArgs args = ToolArgs.parse(List.of("a", "b"), RELATION_GET);
        ToolError e = assertThrows(ToolError.class, () -> args.maxPositional(1));
        assertEquals("unrecognized args: [\"b\"]", e.getMessage());
        assertEquals(2, e.exitCode);
    }

    @Test
    void valueFlagNeedsAValue() {
        assertEquals(2, assertThrows(ToolError.class, () -> ToolArgs.parse(List.of("-r"), RELATION_GET)).exitCode);
    }

    @Test
    void smartFormatFollowsJuju() throws ToolError {
        assertEquals("True\n", Output.format(true, "smart"));
        assertEquals("a\nb\n", Output.format(List.of("a", "b"), null));
        assertEquals("", Output.format(null, "smart"));
        assertEquals("null\n", Output.format(null, "json"));
        assertEquals("{\"k\":\"v\"}\n", Output.format(Map.of("k", "v"), "json"));
        assertEquals(2, assertThrows(ToolError.class, () -> Output.format("x", "xml")).exitCode);
    }
}
