package githubrunner.common;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MongoDB connection strings as logs may show them, and the database a URI names (as kombu reads it). */
public final class MongoUris {
    /** {@code scheme://user:password@}: the password runs to the last '@' of the token (it may hold '/' or ':'). */
    private static final Pattern PASSWORD = Pattern.compile("(mongodb(?:\\+srv)?://[^:/?#@\\s]*):[^@\\s]*@");
    private static final Pattern USER_INFO = Pattern.compile("^mongodb(?:\\+srv)?://[^\\s/?#]*@");

    private MongoUris() {}

    /**
     * The text with the password of every MongoDB URI in it replaced by {@code *****}; the user
     * name stays (it helps an operator and is no credential on its own). Works on whole log lines
     * and exception messages, not only on a bare URI.
     */
    public static String redact(String text) {
        return text == null ? null : PASSWORD.matcher(text).replaceAll("$1:*****@");
    }

    /**
     * The database in the URI's path ({@code mongodb://h1,h2/db?opts}), or {@code fallback} when
     * there is none: kombu uses the same rule (reference/peers.md §B.1).
     */
    public static String database(String uri, String fallback) {
        Matcher m = USER_INFO.matcher(uri);
        int scheme = uri.indexOf("://");
        int hostsStart = m.find() ? m.end() : scheme < 0 ? 0 : scheme + 3;
        int slash = uri.indexOf('/', hostsStart);
        if (slash < 0) {
            return fallback;
        }
        int end = uri.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = uri.indexOf(stop, slash);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String name = URLDecoder.decode(uri.substring(slash + 1, end), StandardCharsets.UTF_8);
        return name.isEmpty() ? fallback : name;
    }
}
