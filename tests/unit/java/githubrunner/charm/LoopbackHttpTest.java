package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoopbackHttpTest {
    @Test
    void exchangesWithTheJdkServerTheManagerUses() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            byte[] body = (exchange.getRequestMethod() + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200;
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            Duration second = Duration.ofSeconds(5);
            assertEquals(new LoopbackHttp.Answer(200, "GET /status/juju"),
                    LoopbackHttp.exchange(port, "GET", "/status/juju", second, second));
            assertEquals(new LoopbackHttp.Answer(200, "POST /runner/flush?flush-busy=true"),
                    LoopbackHttp.exchange(port, "POST", "/runner/flush?flush-busy=true", second, second));
            assertEquals(new LoopbackHttp.Answer(204, ""), LoopbackHttp.exchange(port, "GET", "/health", second, second));
            assertEquals(404, LoopbackHttp.exchange(port, "GET", "/missing", second, second).status());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void rejectsWhatIsNotHttp() {
        assertThrows(IOException.class, () -> LoopbackHttp.parse("SSH-2.0-OpenSSH\r\n"));
        assertThrows(IOException.class, () -> LoopbackHttp.parse(""));
        assertThrows(IOException.class, () -> LoopbackHttp.parse("HTTP/1.1 2x0 OK\r\n\r\n"));
    }
}
