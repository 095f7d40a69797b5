package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellQuoteTest {
    private static final List<String> HOSTILE = List.of("plain", "", "two words", "it's", "\"double\"", "$(touch pwned)",
            "`touch pwned`", "${HOME}", "a\\b", "new\nline", "; touch pwned", "&& touch pwned", "| touch pwned",
            "~root", "*", "?", "[a]", "#comment", "'", "''", "größer", "tab\there", "--option", "a=b", "=x", "!event");

    @TempDir
    Path temp;

    @Test
    void plainWordsStayReadable() {
        assertEquals("github-runner-0-0123456789ab", ShellQuote.quote("github-runner-0-0123456789ab"));
        assertEquals("proxy.internal:3128", ShellQuote.quote("proxy.internal:3128"));
        assertEquals("/home/ubuntu/actions-runner", ShellQuote.quote("/home/ubuntu/actions-runner"));
        assertEquals("eyJhIjoxfQ==", ShellQuote.quote("eyJhIjoxfQ=="));
        assertEquals("'two words'", ShellQuote.quote("two words"));
        assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
        assertEquals("''", ShellQuote.quote(""));
    }

    /** Each quoted word reaches printf as exactly the original text, and runs nothing. */
    @Test
    void aQuotedWordIsOneLiteralArgumentForSh() throws Exception {
        StringBuilder script = new StringBuilder();
        for (String word : HOSTILE) {
            script.append("printf '%s\\037' ").append(ShellQuote.quote(word)).append('\n');
        }
        Path file = temp.resolve("words.sh");
        Files.writeString(file, script.toString());

        SystemTools.Run run = SystemTools.run(List.of(SystemTools.require("sh"), file.toString()), temp,
                Map.of("PATH", System.getenv("PATH"), "HOME", temp.toString()));

        assertEquals(0, run.exitCode(), run.stderr());
        String output = run.stdout();
        assertEquals(HOSTILE, Arrays.asList(output.substring(0, output.length() - 1).split("\u001f", -1)));
        assertFalse(Files.exists(temp.resolve("pwned")));
    }
}
