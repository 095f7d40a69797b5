package githubrunner.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An OpenSSH-style ProxyCommand for a client that only speaks TCP: the command runs through
 * {@code /bin/sh -c} with {@code %h}, {@code %p}, {@code %r} and {@code %%} expanded, and one
 * connection accepted on a fresh 127.0.0.1 port is relayed to its stdin and stdout. Closing
 * stops the command. The host is an IP literal from OpenStack, checked before it goes into the
 * command, so a VM's address cannot inject shell words.
 */
final class ProxyCommandRelay implements AutoCloseable {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]{7,15}|[0-9a-fA-F:]{2,39}");

    private final ServerSocket listener;
    private final Process process;
    private volatile Socket accepted;

    private ProxyCommandRelay(ServerSocket listener, Process process) {
        this.listener = listener;
        this.process = process;
    }

    static String expand(String template, String host, int port, String user) {
        if (!IP_LITERAL.matcher(host).matches()) {
            throw new IllegalArgumentException("not an IP address: " + host);
        }
        StringBuilder command = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 == template.length()) {
                command.append(c);
                continue;
            }
            char token = template.charAt(++i);
            switch (token) {
                case 'h' -> command.append(host);
                case 'p' -> command.append(port);
                case 'r' -> command.append(user);
                case '%' -> command.append('%');
                default -> command.append('%').append(token);
            }
        }
        return command.toString();
    }

    /** Starts the command and listens; {@link #port()} is where the SSH client connects. */
    static ProxyCommandRelay start(String template, String host, int port, String user, Duration acceptTimeout)
            throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        listener.setSoTimeout(Math.toIntExact(Math.max(1, acceptTimeout.toMillis())));
        Process process;
        try {
            process = new ProcessBuilder(List.of("/bin/sh", "-c", expand(template, host, port, user)))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        ProxyCommandRelay relay = new ProxyCommandRelay(listener, process);
        Thread acceptor = new Thread(relay::acceptOne, "ssh-proxy-command");
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Exactly one connection, from loopback; then the listener closes. */
    private void acceptOne() {
        try (ServerSocket ignored = listener) {
            Socket socket = listener.accept();
            if (!socket.getInetAddress().isLoopbackAddress()) {
                socket.close();
                return;
            }
            accepted = socket;
            pump(socket.getInputStream(), process.getOutputStream(), "ssh-proxy-command-out");
            pump(process.getInputStream(), socket.getOutputStream(), "ssh-proxy-command-in");
        } catch (IOException e) {
            close();
        }
    }

    private void pump(InputStream from, OutputStream to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from; to) {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // one side closed: the other follows
            } finally {
                close();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            listener.close();
            Socket socket = accepted;
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
