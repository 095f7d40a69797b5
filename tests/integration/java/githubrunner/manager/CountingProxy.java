package githubrunner.manager;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small forwarding HTTP proxy on 127.0.0.1 that records every request it relays (absolute-form
 * {@code GET http://host:port/path}); one request per connection, answered and closed. Enough for
 * plain-http clients such as openstack4j's okhttp connector; CONNECT (https) is refused.
 */
final class CountingProxy implements AutoCloseable {
    /** One relayed request: the target's host and port, method and path. */
    record Relayed(String host, int port, String method, String path) {}

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "counting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Relayed> relayed = new ArrayList<>();

    CountingProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    synchronized List<Relayed> relayed() {
        return List.copyOf(relayed);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            String requestLine = line(in);
            String[] parts = requestLine.split(" ");
            if (parts.length != 3 || parts[0].equals("CONNECT") || !parts[1].startsWith("http://")) {
                out.write("HTTP/1.1 405 Not Supported\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            URI target = URI.create(parts[1]);
            List<String> headers = new ArrayList<>();
            int length = 0;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String name = header.substring(0, Math.max(0, header.indexOf(':'))).strip().toLowerCase(Locale.ROOT);
                if (name.equals("content-length")) {
                    length = Integer.parseInt(header.substring(header.indexOf(':') + 1).strip());
                }
                if (!name.equals("proxy-connection") && !name.equals("connection")) {
                    headers.add(header);
                }
            }
            byte[] body = in.readNBytes(length);
            String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            synchronized (this) {
                relayed.add(new Relayed(target.getHost(), target.getPort(), parts[0], path));
            }
            try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                StringBuilder head = new StringBuilder(parts[0] + " " + path + " HTTP/1.1\r\n");
                headers.forEach(h -> head.append(h).append("\r\n"));
                head.append("Connection: close\r\n\r\n");
                OutputStream up = upstream.getOutputStream();
                up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.write(body);
                up.flush();
                upstream.getInputStream().transferTo(out);
            }
        } catch (IOException | RuntimeException e) {
            // the client sees the connection close
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
