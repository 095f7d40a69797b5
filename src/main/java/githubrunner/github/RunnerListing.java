package githubrunner.github;

import java.util.List;

/**
 * One listing of this unit's runners, and whether it told anything new.
 *
 * @param runners this unit's runners, in GitHub's order
 * @param changed whether they differ from those of the previous listing (true for the first one)
 * @param generation counts the listings that found a change: a caller that keeps it can tell a change
 *     that another caller's listing saw first
 * @param pages pages read
 * @param notModifiedPages pages GitHub answered {@code 304 Not Modified}: free against the rate limit;
 *     an unchanged fleet is all 304s
 */
public record RunnerListing(List<GitHubRunner> runners, boolean changed, long generation, int pages,
                            int notModifiedPages) {
    public RunnerListing {
        runners = List.copyOf(runners);
    }

    /** Whether this listing cost nothing against the primary rate limit. */
    public boolean free() {
        return notModifiedPages == pages;
    }

    /** Pages GitHub charged against the primary rate limit (answered in full). */
    public int chargedPages() {
        return pages - notModifiedPages;
    }
}
