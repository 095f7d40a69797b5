package githubrunner.charm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.0 exchange with a server on 127.0.0.1: a request without body, an answer read to the
 * end of the connection. All the charm needs from its manager's API, and it runs on the hook
 * path: java.net.http builds a TLS context and HttpURLConnection scans the classpath for URL
 * handlers, together ~600 ms of update-status for a loopback call.
 */
final class LoopbackHttp {
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private LoopbackHttp() {}

    record Answer(int status, String body) {}

    /** @param authorization the Authorization header's value, or null for none */
    static Answer exchange(int port, String method, String path, String authorization, Duration connectTimeout,
                           Duration readTimeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            OutputStream out = socket.getOutputStream();
            // One write: the whole request in one segment, no waiting on Nagle's algorithm.
            out.write((method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port
                    + (authorization == null ? "" : "\r\nAuthorization: " + authorization)
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] raw = in.readNBytes(MAX_ANSWER_BYTES);
            return parse(new String(raw, StandardCharsets.UTF_8));
        }
    }

    /** Status line, headers, blank line, body: the answer of an HTTP/1.0 server that then closes. */
    static Answer parse(String raw) throws IOException {
        int headersEnd = raw.indexOf("\r\n\r\n");
        String statusLine = raw.substring(0, Math.max(0, raw.indexOf("\r\n")));
        String[] parts = statusLine.split(" ", 3);
        if (headersEnd < 0 || parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP answer");
        }
        return new Answer(Integer.parseInt(parts[1]), raw.substring(headersEnd + 4));
    }
}
