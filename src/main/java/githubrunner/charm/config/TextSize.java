package githubrunner.charm.config;

/** Size limits on option text, checked before anything parses it. */
final class TextSize {
    private TextSize() {}

    /** The UTF-8 size of {@code text}, counted without encoding it; a lone surrogate counts as U+FFFD (3 bytes). */
    static long utf8Bytes(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Refuses text above {@code max} UTF-8 bytes: "{@code what} is N bytes, at most MAX are accepted". */
    static void requireAtMost(String text, long max, String prefix, String what) throws ConfigException {
        long bytes = utf8Bytes(text);
        if (bytes > max) {
            throw ConfigException.blocked(prefix + what + " is " + bytes + " bytes, at most " + max + " are accepted");
        }
    }
}
