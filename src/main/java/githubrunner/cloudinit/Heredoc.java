package githubrunner.cloudinit;

import java.util.Map;

/**
 * A text written by a quoted here-document ({@code cat <<'DELIMITER'}), in which the shell expands
 * nothing. The here-document ends at the first line equal to the delimiter, so the delimiter is
 * chosen so that it does not occur anywhere in the text.
 *
 * @param body the text without its final newline: the template puts it before the delimiter line
 */
record Heredoc(String delimiter, String body) {

    /** @param word the preferred delimiter, e.g. {@code EOF_PRE_JOB}; a counter is added if needed */
    static Heredoc of(String text, String word) {
        String delimiter = word;
        for (int n = 1; text.contains(delimiter); n++) {
            delimiter = word + "_" + n;
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return new Heredoc(delimiter, body);
    }

    Map<String, Object> variables() {
        return Map.of("delimiter", delimiter, "body", body);
    }
}
