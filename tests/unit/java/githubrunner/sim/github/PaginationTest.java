package githubrunner.sim.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PaginationTest {
    private static final List<Integer> ITEMS = IntStream.rangeClosed(1, 250).boxed().toList();

    @Test
    void pagesLikeGitHub() {
        Pagination.Page<Integer> second = Pagination.of(ITEMS, query("per_page", "100", "page", "2"), "http://h/r");

        assertEquals(IntStream.rangeClosed(101, 200).boxed().toList(), second.items());
        assertEquals("<http://h/r?per_page=100&page=3>; rel=\"next\", <http://h/r?per_page=100&page=3>; rel=\"last\", "
                + "<http://h/r?per_page=100&page=1>; rel=\"first\", <http://h/r?per_page=100&page=1>; rel=\"prev\"",
                second.link());
    }

    @Test
    void defaultsToThirtyAndCapsAtAHundred() {
        assertEquals(30, Pagination.of(ITEMS, Map.of(), "u").items().size());
        assertEquals(100, Pagination.of(ITEMS, query("per_page", "1000"), "u").items().size());
        assertEquals(30, Pagination.of(ITEMS, query("per_page", "zero"), "u").items().size());
    }

    @Test
    void lastAndEmptyPagesHaveNoNext() {
        Pagination.Page<Integer> last = Pagination.of(ITEMS, query("per_page", "100", "page", "3"), "u");
        assertEquals(50, last.items().size());
        assertEquals("<u?per_page=100&page=1>; rel=\"first\", <u?per_page=100&page=2>; rel=\"prev\"", last.link());

        assertEquals(List.of(), Pagination.of(ITEMS, query("page", "99"), "u").items());
        assertNull(Pagination.of(List.of(), Map.of(), "u").link());
    }

    @Test
    void keepsOtherQueryParameters() {
        Pagination.Page<Integer> page = Pagination.of(ITEMS, query("name", "a b", "per_page", "100"), "u");

        assertEquals("<u?name=a+b&per_page=100&page=2>; rel=\"next\", <u?name=a+b&per_page=100&page=3>; rel=\"last\"",
                page.link());
    }

    private static Map<String, String> query(String... pairs) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.put(pairs[i], pairs[i + 1]);
        }
        return query;
    }
}
