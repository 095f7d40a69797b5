package githubrunner.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstanceNameTest {
    @Test
    void generatedNamesParseBackUnderTheirPrefix() {
        InstanceName name = InstanceName.generate("github-runner-0");
        assertTrue(name.value().matches("github-runner-0-[0-9a-f]{12}"));
        assertEquals(name, InstanceName.parse(name.value(), "github-runner-0").orElseThrow());
        assertNotEquals(name, InstanceName.generate("github-runner-0"));
    }

    @Test
    void legacyInfixesAreRecognised() {
        assertEquals("n-", InstanceName.parse("small-0-n-0123456789ab", "small-0").orElseThrow().infix());
        assertEquals("r-", InstanceName.parse("small-0-r-0123456789ab", "small-0").orElseThrow().infix());
    }

    @Test
    void unitA1NeverClaimsUnitA11sNames() {
        String ofUnitA11 = "a-1-1-0123456789ab";
        assertTrue(InstanceName.belongsTo(ofUnitA11, "a-1-1"));
        assertFalse(InstanceName.belongsTo(ofUnitA11, "a-1"));
        assertFalse(InstanceName.belongsTo("a-1-n-1-0123456789ab", "a-1"));
    }

    @Test
    void rejectsEverythingElse() {
        for (String name : new String[] {"github-runner-0-0123456789a", "github-runner-0-0123456789abc",
                "github-runner-0-0123456789AB", "github-runner-0-x-0123456789ab", "github-runner-0", "other-0-0123456789ab",
                "github-runner-00123456789ab"}) {
            assertFalse(InstanceName.belongsTo(name, "github-runner-0"), name);
        }
        assertFalse(InstanceName.belongsTo(null, "github-runner-0"));
    }

    @Test
    void namesLongerThan64CharactersAreRefused() {
        String prefix = "a".repeat(52);
        assertThrows(IllegalArgumentException.class, () -> InstanceName.generate(prefix));
        assertEquals(64, InstanceName.generate("a".repeat(51)).value().length());
    }
}
