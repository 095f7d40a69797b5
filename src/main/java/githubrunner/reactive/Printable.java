package githubrunner.reactive;

/** Untrusted text as a log line may quote it: short, quoted, control characters replaced. */
final class Printable {
    private static final int MAX = 80;

    private Printable() {}

    static String of(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() > MAX ? text.substring(0, MAX) + "..." : text;
        return "'" + shown.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?") + "'";
    }
}
