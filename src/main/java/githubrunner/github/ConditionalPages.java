package githubrunner.github;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pages of one paginated listing as last read, each with the entity tag GitHub gave it, so the
 * next listing can send {@code If-None-Match} and reuse a page answered {@code 304 Not Modified}
 * (free against the primary rate limit). A page and its tag are stored together, so a 304 always
 * stands for exactly the content that tag was given with. Thread-safe.
 *
 * <p>GitHub's tags belong to the token: after an App installation token renewal every page is
 * answered 200 once, with new tags, and 304s resume from the next listing.
 *
 * @param <T> what is kept of a page's items
 */
final class ConditionalPages<T> {
    /**
     * @param itemCount items GitHub sent on the page (before any filtering), to tell an empty page
     * @param link the page's {@code Link} header, for the next page number (a 304 need not repeat it)
     */
    record Page<T>(String etag, List<T> items, int itemCount, String link) {
        Page {
            items = List.copyOf(items);
        }
    }

    private final TreeMap<Integer, Page<T>> pages = new TreeMap<>();

    synchronized Optional<Page<T>> get(int number) {
        return Optional.ofNullable(pages.get(number));
    }

    /** Keeps a page answered 200; one without a tag cannot be asked about, so it is forgotten. */
    synchronized void put(int number, Page<T> page) {
        if (page.etag() == null || page.etag().isBlank()) {
            pages.remove(number);
        } else {
            pages.put(number, page);
        }
    }

    /** The listing ended at page {@code last}: pages after it no longer exist. */
    synchronized void endAt(int last) {
        pages.tailMap(last, false).clear();
    }

    synchronized void forget(int number) {
        pages.remove(number);
    }

    synchronized int size() {
        return pages.size();
    }
}
