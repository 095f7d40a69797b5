package githubrunner.sim.juju;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JujuLocalCliTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        for (String help : new String[] {"--help", "-h", "help"}) {
            out.reset();
            assertEquals(0, JujuLocalCli.run(new String[] {help}), help);
            assertEquals(JujuLocalCli.USAGE, out.toString(StandardCharsets.UTF_8), help);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, JujuLocalCli.run(new String[0]));
        assertEquals(JujuLocalCli.USAGE, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownCommandSaysSoInOneLine() {
        assertEquals(2, JujuLocalCli.run(new String[] {"--dir", dir.toString(), "deploy"}));
        assertEquals("juju-local: unknown command 'deploy' (juju-local --help lists them)\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandsOnADirectoryWithoutAUnitSayWhatToDo() {
        assertEquals(1, JujuLocalCli.run(new String[] {"--dir", dir.toString(), "status"}));
        assertEquals("juju-local: " + dir + " holds no juju-local unit (run init first)\n", err.toString(StandardCharsets.UTF_8));
    }
}
