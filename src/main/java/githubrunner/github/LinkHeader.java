package githubrunner.github;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Link} header GitHub paginates with:
 * {@code <https://api.github.com/...?per_page=100&page=2>; rel="next", <...>; rel="last"}.
 * Only the next page number is taken; the client builds the URL itself, so a link pointing at
 * another host can never receive the token.
 */
final class LinkHeader {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile(";\\s*rel=\"?([^\";]*)\"?");
    private static final Pattern PAGE = Pattern.compile("[?&]page=([0-9]{1,9})(?:&|$)");
    private static final Pattern CURSOR = Pattern.compile("[?&]cursor=([A-Za-z0-9%=_.:+-]{1,512})(?:&|$)");

    private LinkHeader() {}

    /** Whether the header announces a next page. */
    static boolean hasNext(String header) {
        return nextLink(header).isPresent();
    }

    /** The page number of the {@code rel="next"} link, if there is one and it carries a page. */
    static OptionalInt nextPage(String header) {
        Optional<String> next = nextLink(header);
        if (next.isEmpty()) {
            return OptionalInt.empty();
        }
        Matcher page = PAGE.matcher(next.get());
        return page.find() ? OptionalInt.of(Integer.parseInt(page.group(1))) : OptionalInt.empty();
    }

    /**
     * The {@code cursor} of the {@code rel="next"} link (cursor pagination, e.g. hook deliveries),
     * if it has one made of the characters GitHub's cursors use.
     */
    static Optional<String> nextCursor(String header) {
        return nextLink(header).map(CURSOR::matcher).filter(Matcher::find).map(match -> match.group(1));
    }

    private static Optional<String> nextLink(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            Matcher rel = REL.matcher(link.group(2));
            while (rel.find()) {
                for (String value : rel.group(1).trim().split("\\s+")) {
                    if (value.equals("next")) {
                        return Optional.of(link.group(1));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
