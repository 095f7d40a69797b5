package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeredocTest {
    @TempDir
    Path temp;

    @Test
    void theDelimiterNeverOccursInTheText() {
        assertEquals("EOF_X", Heredoc.of("echo hi\n", "EOF_X").delimiter());
        assertEquals("EOF_X_1", Heredoc.of("cat <<'EOF_X'\nhi\nEOF_X\n", "EOF_X").delimiter());
        assertEquals("EOF_X_2", Heredoc.of("EOF_X\nEOF_X_1\n", "EOF_X").delimiter());
        assertEquals("EOF_X_1", Heredoc.of("  EOF_X  ", "EOF_X").delimiter());
    }

    @Test
    void theBodyLeavesTheLastNewlineToTheTemplate() {
        assertEquals("a\nb", Heredoc.of("a\nb\n", "D").body());
        assertEquals("a\nb", Heredoc.of("a\nb", "D").body());
        assertEquals("a\n", Heredoc.of("a\n\n", "D").body());
    }

    /** Through a real sh, the text comes out unchanged (plus a final newline) and unexpanded. */
    @Test
    void shWritesTheTextVerbatim() throws Exception {
        for (String text : List.of("plain\n", "no final newline", "EOF_X\n", "EOF_X_1\nEOF_X\n",
                "$(touch pwned) `touch pwned` ${HOME} \\\n'\"\n", "\n\nblank lines\n\n", "\ttabs\n\tEOF_X\n")) {
            Heredoc heredoc = Heredoc.of(text, "EOF_X");
            Path script = temp.resolve("heredoc.sh");
            Files.writeString(script, "cat <<'" + heredoc.delimiter() + "'\n" + heredoc.body() + "\n" + heredoc.delimiter() + "\n");

            SystemTools.Run run = SystemTools.run(List.of(SystemTools.require("sh"), script.toString()), temp,
                    Map.of("PATH", System.getenv("PATH"), "HOME", temp.toString()));

            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(text.endsWith("\n") ? text : text + "\n", run.stdout());
            assertFalse(Files.exists(temp.resolve("pwned")));
        }
    }
}
