package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NovaTimeTest {
    @Test
    void readsNovasServerAndKeypairFormats() {
        assertEquals(Instant.parse("2013-09-03T04:01:32Z"), NovaTime.parse("2013-09-03T04:01:32Z"));
        assertEquals(Instant.parse("2014-05-07T12:06:13.681238Z"), NovaTime.parse("2014-05-07T12:06:13.681238"));
        assertEquals(Instant.parse("2014-05-07T10:06:13Z"), NovaTime.parse("2014-05-07T12:06:13+02:00"));
    }

    @Test
    void anythingElseIsNoTime() {
        assertNull(NovaTime.parse(null));
        assertNull(NovaTime.parse(""));
        assertNull(NovaTime.parse("yesterday"));
    }
}
