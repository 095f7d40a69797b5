package githubrunner.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {
    record Holder(String name, Secret token) {}

    @Test
    void neverShowsItsValueInTextButSerialisesIt() throws Exception {
        Holder holder = new Holder("x", Secret.of("ghp_supersecret"));
        assertFalse(holder.toString().contains("supersecret"));
        assertEquals("*****", Secret.of("ghp_supersecret").toString());
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(holder);
        assertEquals("{\"name\":\"x\",\"token\":\"ghp_supersecret\"}", text);
        assertEquals(holder, json.readValue(text, Holder.class));
    }

    @Test
    void equalityIsByValue() {
        assertEquals(Secret.of("a"), Secret.of("a"));
        assertNotEquals(Secret.of("a"), Secret.of("b"));
        assertNotEquals(Secret.of("a"), Map.of());
    }
}
