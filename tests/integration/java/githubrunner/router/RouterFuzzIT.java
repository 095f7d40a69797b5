package githubrunner.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import githubrunner.testing.MongoStandIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 mutated requests at a router process, over raw sockets so nothing is tidied up on the
 * way: methods, paths, headers (missing, garbage, huge, duplicated), signatures (valid over the
 * mutated body, wrong, truncated), content types and encodings, bodies (flipped bytes, truncated
 * and deeply nested JSON, wrong types, invalid UTF-8, random bytes) and sizes up to 2 MiB. No
 * answer may be a 5xx other than the documented 503, the process must live on, and its heap after
 * a full GC must not grow between the first thousand requests and the end.
 */
class RouterFuzzIT {
    static final int REQUESTS = 10_000;
    static final int WARM_UP = 1_000;
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] ([0-9]{3})");

    @TempDir Path dir;

    @Test
    void hostileRequestsGetNo5xxAndLeaveTheRouterSteady() throws Exception {
        MongoServer mongo = MongoStandIn.start();
        try (RouterProcess router = RouterProcess.start(dir, RouterProcess.config("router/0", RouterProcess.freePort(),
                mongo.getLocalAddress().getPort(), null), "-Xmx256m")) {
            Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
            run(router, 0, WARM_UP, statuses, bad);
            long warmHeap = heapAfterGc(router.pid());
            run(router, WARM_UP, REQUESTS, statuses, bad);
            long endHeap = heapAfterGc(router.pid());
            System.out.println("fuzz statuses " + new TreeMap<>(statuses) + "; heap after GC " + warmHeap / 1024
                    + " KiB after " + WARM_UP + " requests, " + endHeap / 1024 + " KiB after " + REQUESTS);
            assertEquals(List.of(), bad.subList(0, Math.min(bad.size(), 20)));
            assertTrue(router.isAlive());
            assertTrue(router.answers());
            int answered = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
            assertEquals(REQUESTS, answered);
            assertTrue(statuses.getOrDefault("200", new AtomicInteger()).get() > 500, "some reached the queue: " + statuses);
            assertTrue(endHeap < warmHeap + 24L * 1024 * 1024, "heap grew from " + warmHeap + " to " + endHeap);
        } finally {
            mongo.shutdownNow();
        }
    }

    private static void run(RouterProcess router, int from, int to, Map<String, AtomicInteger> statuses, List<String> bad)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int seed = i;
            futures.add(pool.submit(() -> {
                byte[] request = new Mutation(new Random(seed)).request();
                String status = exchange(router.port, request);
                statuses.computeIfAbsent(status, key -> new AtomicInteger()).incrementAndGet();
                if (status.startsWith("5") && !status.equals("503")) {
                    bad.add(seed + ": " + status + " for " + new String(request, 0, Math.min(300, request.length),
                            StandardCharsets.ISO_8859_1));
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    /** The status code, or "closed" when the router dropped the connection without one (malformed HTTP). */
    private static String exchange(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException refusedMidway) {
                // the router may answer (413, 431) and close before reading it all
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while (head.size() < 64 && (b = in.read()) >= 0 && b != '\n') {
                head.write(b);
            }
            Matcher status = STATUS.matcher(head.toString(StandardCharsets.ISO_8859_1));
            return status.find() ? status.group(1) : "closed";
        } catch (IOException e) {
            return "closed";
        }
    }

    private static long heapAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(60, TimeUnit.SECONDS);
        Matcher used = Pattern.compile("used ([0-9]+)K").matcher(text);
        long total = 0;
        while (used.find()) {
            total += Long.parseLong(used.group(1)) * 1024;
            break; // the first line is the whole heap
        }
        return total;
    }

    /** One random request; a third of them validly signed over whatever body they carry. */
    private static final class Mutation {
        private final Random random;

        Mutation(Random random) {
            this.random = random;
        }

        byte[] request() {
            byte[] body = body();
            StringBuilder head = new StringBuilder();
            head.append(pick("POST", "POST", "POST", "POST", "POST", "POST", "GET", "PUT", "DELETE", "P0ST", "HEAD"))
                    .append(' ').append(pick("/webhook", "/webhook", "/webhook", "/webhook", "/webhook", "/webhook?x=1",
                            "/health", "/metrics", "/../etc/passwd", "/%00", "/" + "a".repeat(3000), "/webhook/"))
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            header(head, "X-GitHub-Event", pick("workflow_job", "workflow_job", "workflow_job", "ping", "push", "",
                    "Workflow_Job", "x".repeat(5000), "workflow_job\u0000"));
            header(head, "X-GitHub-Delivery", pick(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                    "fixed-delivery", "../../x", "d".repeat(200), ""));
            String signature = random.nextInt(3) > 0 ? new SignatureVerifier(githubrunner.common.Secret.of(RouterProcess.SECRET))
                    .sign(body) : pick("sha256=00", "sha1=abc", "", "sha256=" + "f".repeat(64), "garbage\u00ff");
            if (random.nextInt(10) < 9) {
                header(head, "X-Hub-Signature-256", random.nextInt(20) == 0 ? signature.toUpperCase() : signature);
            }
            header(head, "Content-Type", pick("application/json", "application/json", "application/json; charset=utf-8",
                    "application/x-www-form-urlencoded", "text/plain", "", "application/json\r\nX-Injected: 1", "*/*"));
            if (random.nextInt(30) == 0) {
                header(head, "Content-Encoding", pick("gzip", "identity", "br"));
            }
            if (random.nextInt(40) == 0) {
                for (int i = 0; i < 150; i++) {
                    header(head, "X-Junk-" + i, "v".repeat(random.nextInt(200)));
                }
            }
            int lengthMode = random.nextInt(40);
            if (lengthMode == 0) {
                head.append("Transfer-Encoding: chunked\r\n\r\n");
                byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
                String chunk = Integer.toHexString(body.length) + "\r\n";
                return concat(headBytes, chunk.getBytes(StandardCharsets.US_ASCII), body,
                        "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (lengthMode == 1) {
                head.append("Content-Length: ").append(Math.max(0, body.length - 1)).append("\r\n"); // shorter: trailing junk
            } else if (lengthMode == 2) {
                head.append("Content-Length: -1\r\n");
            } else if (lengthMode == 3) {
                head.append("Content-Length: 99999999999999999999\r\n");
            } else {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
        }

        private byte[] body() {
            int kind = random.nextInt(20);
            byte[] queued = Deliveries.queued(1 + random.nextInt(1_000_000), pick("large", "x64", "jammy", "arm64", "gpu"),
                    pick("self-hosted", "LARGE", "linux", "\u00e9t\u00e9"));
            return switch (kind) {
                case 0 -> new byte[0];
                case 1 -> flip(queued, 1 + random.nextInt(20));
                case 2 -> java.util.Arrays.copyOf(queued, random.nextInt(queued.length));
                case 3 -> ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.US_ASCII);
                case 4 -> replace(queued, "\"labels\":[", "\"labels\":[" + "\"l\",".repeat(500));
                case 5 -> replace(queued, "\"labels\":[", "\"labels\":[1,{\"a\":null},[],");
                case 6 -> replace(queued, "\"action\":\"queued\"", "\"action\":" + pick("null", "7", "[]", "\"in_progress\"",
                        "\"rescheduled\""));
                case 7 -> randomBytes(random.nextInt(4096));
                case 8 -> new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}', (byte) 0xc3};
                case 9 -> big(RouterHandler.MAX_BODY - 10 + random.nextInt(20));
                case 10 -> random.nextInt(5) == 0 ? big(2 * RouterHandler.MAX_BODY) : queued;
                case 11 -> replace(queued, "\"url\":\"", "\"url\":\"javascript:");
                case 12 -> replace(queued, "\"workflow_job\":{", "\"workflow_job\":\"x\",\"w\":{");
                case 13 -> ("{\"action\":\"queued\",\"workflow_job\":{\"labels\":[\"" + "x".repeat(100_000)
                        + "\"],\"url\":\"https://api.github.com/repos/o/r/actions/jobs/1\"}}").getBytes(StandardCharsets.UTF_8);
                case 14 -> ("{\"action\":\"queued\",\"workflow_job\":{\"labels\":[],\"url\":\"https://api.github.com/repos/o/r/actions/jobs/"
                        + "9".repeat(40) + "\"}}").getBytes(StandardCharsets.UTF_8);
                default -> queued;
            };
        }

        private byte[] big(int size) {
            byte[] bytes = new byte[size];
            java.util.Arrays.fill(bytes, (byte) 'a');
            bytes[0] = '"';
            bytes[size - 1] = '"';
            return bytes;
        }

        private byte[] flip(byte[] body, int count) {
            byte[] copy = body.clone();
            for (int i = 0; i < count && copy.length > 0; i++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            return copy;
        }

        private byte[] randomBytes(int length) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return bytes;
        }

        private static byte[] replace(byte[] body, String from, String to) {
            return new String(body, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
        }

        private void header(StringBuilder head, String name, String value) {
            if (random.nextInt(15) != 0) { // sometimes left out altogether
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }

        @SafeVarargs
        private <T> T pick(T... options) {
            return options[random.nextInt(options.length)];
        }

        private static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return out.toByteArray();
        }
    }
}
