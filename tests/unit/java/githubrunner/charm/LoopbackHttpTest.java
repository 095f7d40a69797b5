package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import githubrunner.common.Secret;
import githubrunner.manager.http.Answer;
import githubrunner.manager.http.ManagerHttpApi;
import githubrunner.manager.http.Routes;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoopbackHttpTest {
    @Test
    void exchangesWithTheServerTheManagerUses() throws IOException {
        Secret token = ApiToken.generate();
        Routes routes = new Routes()
                .add("GET", "/health", Routes.Access.PUBLIC, request -> Answer.noContent())
                .add("GET", "/status/juju", Routes.Access.TOKEN, request -> Answer.text(200, "GET /status/juju"))
                .add("POST", "/runner/flush", Routes.Access.TOKEN,
                        request -> Answer.text(200, "POST /runner/flush?flush-busy=" + request.query("flush-busy")));
        try (ManagerHttpApi server = new ManagerHttpApi(0, token, routes)) {
            server.start();
            int port = server.port();
            Duration second = Duration.ofSeconds(5);
            String bearer = "Bearer " + token.reveal();
            assertEquals(new LoopbackHttp.Answer(200, "GET /status/juju"),
                    LoopbackHttp.exchange(port, "GET", "/status/juju", bearer, second, second));
            assertEquals(new LoopbackHttp.Answer(200, "POST /runner/flush?flush-busy=true"),
                    LoopbackHttp.exchange(port, "POST", "/runner/flush?flush-busy=true", bearer, second, second));
            assertEquals(new LoopbackHttp.Answer(204, ""), LoopbackHttp.exchange(port, "GET", "/health", null, second, second));
            assertEquals(new LoopbackHttp.Answer(401, "missing bearer token"),
                    LoopbackHttp.exchange(port, "GET", "/status/juju", null, second, second));
            assertEquals(404, LoopbackHttp.exchange(port, "GET", "/missing", null, second, second).status());
        }
    }

    @Test
    void rejectsWhatIsNotHttp() {
        assertThrows(IOException.class, () -> LoopbackHttp.parse("SSH-2.0-OpenSSH\r\n"));
        assertThrows(IOException.class, () -> LoopbackHttp.parse(""));
        assertThrows(IOException.class, () -> LoopbackHttp.parse("HTTP/1.1 2x0 OK\r\n\r\n"));
    }
}
