package githubrunner.sim.github;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GitHub's page-number pagination: {@code per_page} (default 30, at most 100), {@code page} (from
 * 1), and a {@code Link} header with {@code first}, {@code prev}, {@code next} and {@code last}.
 */
final class Pagination {
    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;

    private Pagination() {}

    record Page<T>(List<T> items, String link) {}

    static <T> Page<T> of(List<T> all, Map<String, String> query, String url) {
        int perPage = Math.min(MAX_PER_PAGE, positive(query.get("per_page"), DEFAULT_PER_PAGE));
        int page = positive(query.get("page"), 1);
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        int from = (int) Math.min(all.size(), (long) (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add(link(url, query, perPage, page + 1, "next"));
            links.add(link(url, query, perPage, last, "last"));
        }
        if (page > 1) {
            links.add(link(url, query, perPage, 1, "first"));
            links.add(link(url, query, perPage, Math.min(page - 1, last), "prev"));
        }
        return new Page<>(List.copyOf(all.subList(from, to)), links.isEmpty() ? null : String.join(", ", links));
    }

    private static String link(String url, Map<String, String> query, int perPage, int page, String rel) {
        StringBuilder target = new StringBuilder(url).append('?');
        query.forEach((name, value) -> {
            if (!name.equals("page") && !name.equals("per_page")) {
                target.append(Http.encode(name)).append('=').append(Http.encode(value)).append('&');
            }
        });
        target.append("per_page=").append(perPage).append("&page=").append(page);
        return "<" + target + ">; rel=\"" + rel + "\"";
    }

    private static int positive(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            return number > 0 ? number : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
