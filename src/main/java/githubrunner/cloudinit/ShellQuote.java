package githubrunner.cloudinit;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.regex.Pattern;

/**
 * Quotes a string as one POSIX shell word, like Python's {@code shlex.quote}: words made only of
 * characters no shell treats specially stay as they are, so the rendered scripts read naturally;
 * anything else goes between single quotes, inside which nothing is special.
 */
final class ShellQuote {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private ShellQuote() {}

    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        // A single quote cannot occur inside single quotes: close, add an escaped one, reopen.
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The {@code sq} template filter. */
    static final class SqFilter implements Filter {
        @Override
        public String getName() {
            return "sq";
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
            if (value == null) {
                // Strict rendering: quoting nothing would hide a missing value.
                throw new IllegalArgumentException("sq: no value to quote");
            }
            return quote(value.toString());
        }
    }
}
