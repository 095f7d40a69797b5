package githubrunner.sim.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EntityTagsTest {
    private static final byte[] BODY = "{\"total_count\":0,\"runners\":[]}".getBytes(StandardCharsets.UTF_8);
    private final String tag = EntityTags.of("Bearer a", BODY);

    @Test
    void tagsAreWeakShaHexPerBodyAndPerCredential() {
        assertTrue(tag.matches("W/\"[0-9a-f]{64}\""), tag);
        assertEquals(tag, EntityTags.of("Bearer a", BODY.clone()));
        assertNotEquals(tag, EntityTags.of("Bearer b", BODY), "GitHub's tags belong to the token");
        assertNotEquals(tag, EntityTags.of("Bearer a", "{\"total_count\":1,\"runners\":[]}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ifNoneMatchUsesWeakComparison() {
        String strong = tag.substring(2);
        assertTrue(EntityTags.matches(tag, tag));
        assertTrue(EntityTags.matches(strong, tag), "W/ is ignored when comparing");
        assertTrue(EntityTags.matches("\"other\", " + tag, tag));
        assertTrue(EntityTags.matches("\"other\",W/" + strong, tag));
        assertTrue(EntityTags.matches("*", tag));
    }

    @Test
    void anythingElseMatchesNothing() {
        String bare = tag.substring(3, tag.length() - 1);
        assertFalse(EntityTags.matches(null, tag));
        assertFalse(EntityTags.matches("", tag));
        assertFalse(EntityTags.matches(bare, tag), "unquoted");
        assertFalse(EntityTags.matches("W/" + bare, tag));
        assertFalse(EntityTags.matches("\"other\"", tag));
        assertFalse(EntityTags.matches("\"", tag));
        assertFalse(EntityTags.matches("\"a\"b\"", tag));
    }
}
