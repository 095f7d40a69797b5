package githubrunner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's chromium, headless, as the machine notes prescribe (no sandbox as root, no background
 * networking on a closed network, a fresh profile): a page's DOM as rendered and a screenshot.
 */
public final class HeadlessChromium {
    private HeadlessChromium() {}

    /** The DOM after rendering (--dump-dom). */
    public static String dom(Path page, Path profileParent) throws Exception {
        return run(page, profileParent, "--dump-dom");
    }

    /** Takes a screenshot of the page into {@code png} and checks it is a picture, not a blank page. */
    public static void screenshot(Path page, Path png, Path profileParent) throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(page, profileParent, "--screenshot=" + png.toAbsolutePath(), "--window-size=800,1900", "--hide-scrollbars");
        assertTrue(Files.size(png) > 0, "no screenshot written");
        BufferedImage image = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    inked++;
                }
            }
        }
        long sampled = (long) ((image.getHeight() + 1) / 2) * ((image.getWidth() + 1) / 2);
        assertTrue(colours.size() > 20, "a page of " + colours.size() + " colours is blank");
        assertTrue(inked > sampled / 20, "only " + inked + " of " + sampled + " sampled pixels are not white");
    }

    private static String run(Path page, Path profileParent, String... action) throws Exception {
        Path profile = Files.createTempDirectory(profileParent, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(Executables.require("chromium"), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add(page.toAbsolutePath().toUri().toString());
        Path out = Files.createTempFile(profileParent, "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // A guard against a hung browser, not a timing assertion.
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish");
        }
        assertEquals(0, process.exitValue(), "chromium failed");
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Where screenshots are kept as test artifacts. */
    public static Path artifact(String name) throws IOException {
        Path dir = Path.of("target", "test-artifacts");
        Files.createDirectories(dir);
        return dir.resolve(name);
    }
}
