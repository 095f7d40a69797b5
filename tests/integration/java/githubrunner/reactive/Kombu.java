package githubrunner.reactive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's Python kombu (python3-kombu, /usr/bin/python3) playing the webhook router and a kombu consumer. */
public final class Kombu {
    static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Kombu() {}

    /** {@code SimpleQueue(queue).put(text, retry=True)} for each text, as the canonical router publishes. */
    public static void put(String uri, String queue, List<String> texts) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("put", uri, queue));
        args.addAll(texts);
        run(args);
    }

    /** Consumes (and acknowledges) {@code count} messages as a kombu consumer: one JSON object per message. */
    public static List<JsonNode> get(String uri, String queue, int count) throws IOException, InterruptedException {
        List<JsonNode> messages = new ArrayList<>();
        for (String line : run(List.of("get", uri, queue, Integer.toString(count))).split("\n")) {
            if (!line.isBlank()) {
                messages.add(JSON.readTree(line));
            }
        }
        return messages;
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("kombu " + args.get(0) + " did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("kombu " + args.get(0) + " failed (" + process.exitValue() + "):\n" + text);
        }
        return text;
    }

    private static Path script() {
        try {
            return Path.of(Kombu.class.getResource("/kombu/kombu_queue.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
