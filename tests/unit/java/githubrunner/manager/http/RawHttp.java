package githubrunner.manager.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Raw bytes over a loopback socket: what an attacker, or a careless client, can send. */
final class RawHttp {
    private RawHttp() {}

    record Reply(int status, String head, String body) {}

    /** Sends {@code request} as is and reads the answer to the end of the connection. */
    static Reply send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Reply send(int port, byte[] request) throws IOException {
        try (Socket socket = connect(port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // The server may answer and close before an oversized request is written whole.
            }
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = raw.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("no HTTP answer: '" + raw + "'");
            }
            return new Reply(Integer.parseInt(raw.split(" ", 3)[1]), raw.substring(0, end), raw.substring(end + 4));
        }
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        return socket;
    }

    /** A "slowloris": opens connections and sends a request line and headers a byte at a time. */
    static final class SlowClients implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final byte[] header = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ".getBytes(StandardCharsets.US_ASCII);
        private int sent;

        SlowClients(int port, int count) throws IOException {
            for (int i = 0; i < count; i++) {
                sockets.add(connect(port));
            }
        }

        /** One more byte on every connection still open; returns how many are still open. */
        int trickle() {
            int open = 0;
            byte next = sent < header.length ? header[sent] : (byte) 'x';
            sent++;
            for (Socket socket : sockets) {
                try {
                    socket.getOutputStream().write(next);
                    socket.getOutputStream().flush();
                    open++;
                } catch (IOException e) {
                    // closed by the server
                }
            }
            return open;
        }

        /** How many connections the server has closed (seen as end of stream or a reset). */
        int closedByServer() {
            int closed = 0;
            for (Socket socket : sockets) {
                try {
                    socket.setSoTimeout(1);
                    InputStream in = socket.getInputStream();
                    if (in.read() < 0) {
                        closed++;
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    closed++;
                }
            }
            return closed;
        }

        @Override
        public void close() {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }
}
