package githubrunner.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {
    @Test
    void findsTheNextPageInGitHubsHeader() {
        String header = "<https://api.github.com/repositories/1300192/actions/runners?per_page=100&page=2>; rel=\"next\", "
                + "<https://api.github.com/repositories/1300192/actions/runners?per_page=100&page=5>; rel=\"last\"";

        assertTrue(LinkHeader.hasNext(header));
        assertEquals(OptionalInt.of(2), LinkHeader.nextPage(header));
    }

    @Test
    void findsNextWhateverItsPosition() {
        String header = "<https://x/r?page=1&per_page=100>; rel=\"first\", <https://x/r?page=2&per_page=100>; rel=\"prev\", "
                + "<https://x/r?page=4&per_page=100>; rel=\"next\", <https://x/r?page=9&per_page=100>; rel=\"last\"";

        assertEquals(OptionalInt.of(4), LinkHeader.nextPage(header));
    }

    @Test
    void readsUnquotedAndMultiValuedRel() {
        assertEquals(OptionalInt.of(3), LinkHeader.nextPage("<https://x/r?page=3>; rel=next"));
        assertEquals(OptionalInt.of(7), LinkHeader.nextPage("<https://x/r?per_page=10&page=7>; rel=\"next last\""));
    }

    @Test
    void hasNoNextOnTheLastPage() {
        String header = "<https://x/r?page=1>; rel=\"first\", <https://x/r?page=2>; rel=\"prev\"";

        assertFalse(LinkHeader.hasNext(header));
        assertEquals(OptionalInt.empty(), LinkHeader.nextPage(header));
        assertFalse(LinkHeader.hasNext(null));
    }

    @Test
    void doesNotTakeAPageFromAnotherParameter() {
        String header = "<https://x/r?per_page=100&xpage=3>; rel=\"next\"";

        assertTrue(LinkHeader.hasNext(header));
        assertEquals(OptionalInt.empty(), LinkHeader.nextPage(header));
    }
}
