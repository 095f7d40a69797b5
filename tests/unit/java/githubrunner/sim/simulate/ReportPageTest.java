package githubrunner.sim.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page of a made-up run, rendered by a real browser: self-contained, every chart drawn. */
class ReportPageTest {
    @TempDir Path work;

    static ReportPage page() {
        List<RunRecorder.Sample> samples = new ArrayList<>();
        for (int t = 0; t <= 150; t++) {
            int busy = Math.min(3, t / 20);
            samples.add(new RunRecorder.Sample(t, 3 - busy, busy, t < 10 ? 3 : 0, Math.max(0, 5 - t / 15), 40 * t / 10,
                    3 * t, t / 30, t / 50));
        }
        return new ReportPage("base 3 <&> \"quoted\"", samples, List.of(0.5, 1.5, 3.0, 4.0, 12.0, 45.0, 400.0));
    }

    @Test
    void thePageIsSelfContainedAndEscapesWhatItShows() {
        String html = page().html();
        assertTrue(html.contains("base 3 &lt;&amp;&gt; &quot;quoted&quot;"));
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing from the network");
        assertEquals(5, html.split("<svg xmlns", -1).length - 1, "five charts");
        assertTrue(html.contains("7 jobs taken, median queue time 4.0 s, p95 400.0 s"), html);
    }

    @Test
    void chromiumRendersItWithoutErrorAndTheScreenshotIsNotBlank() throws Exception {
        Path file = work.resolve("report.html");
        page().write(file);
        String dom = HeadlessChromium.dom(file, work);
        assertTrue(dom.contains("<svg") && dom.contains("Queue time distribution"), dom);
        HeadlessChromium.screenshot(file, HeadlessChromium.artifact("report-page.png"), work);
    }
}
