package githubrunner.charm.config;

import java.util.Map;
import java.util.Set;

/**
 * Every string option is one line of printable text, except the two that hold a file. A control
 * character would reach status messages, logs and the runner VMs' scripts: a path with a newline
 * gave a status whose first line looked valid. Messages name the option and the character, never
 * the value (it may be a token).
 */
final class OptionText {
    /** Options that hold a file's text: tab, line feed and carriage return are allowed there. */
    static final Set<String> MULTI_LINE = Set.of("openstack-clouds-yaml", "pre-job-script", "webhook-router-flavours");
    /** Far above any real single-line value (a proxy command, a list of labels), and short enough to quote. */
    static final int MAX_LINE_CHARS = 4096;
    /**
     * Far above any real clouds.yaml, script or routing table (a few KiB), far below what makes
     * the YAML parser slow (44 s for 10 MB): checked before anything parses the text.
     */
    static final int MAX_TEXT_BYTES = 64 * 1024;

    private OptionText() {}

    static void check(Map<String, Object> values) throws ConfigException {
        for (var option : values.entrySet()) {
            if (option.getValue() instanceof String text) {
                check(option.getKey(), text);
            }
        }
    }

    static void check(String option, String text) throws ConfigException {
        boolean multiLine = MULTI_LINE.contains(option);
        if (multiLine) {
            TextSize.requireAtMost(text, MAX_TEXT_BYTES, "Invalid " + option + " config: ", "the text");
        } else if (text.length() > MAX_LINE_CHARS) {
            throw ConfigException.blocked("Invalid " + option + " config: " + text.length() + " characters, at most "
                    + MAX_LINE_CHARS + " are accepted");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) && !(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
                throw ConfigException.blocked("Invalid " + option + " config: it holds a control character (U+"
                        + String.format("%04X", (int) c) + " at character " + (i + 1) + "); "
                        + (multiLine ? "only tab and line breaks are allowed" : "it must be one line of printable text"));
            }
        }
    }

    /** C0 and C1 controls, DEL, Unicode line and paragraph separators, and bidirectional overrides. */
    static boolean isControl(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
