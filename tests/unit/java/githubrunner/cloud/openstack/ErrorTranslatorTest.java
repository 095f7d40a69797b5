package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.RegionEndpointNotFoundException;
import org.openstack4j.api.exceptions.ServerResponseException;

class ErrorTranslatorTest {
    private static CloudException reply(int status, String body) {
        return ErrorTranslator.fromReply("op", new HttpReply(status, "Reason", "application/json",
                body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void novaQuotaIsAQuotaErrorWithNovasMessage() {
        CloudException error = reply(403, "{\"forbidden\": {\"code\": 403, \"message\": "
                + "\"Quota exceeded for instances: Requested 1, but already used 10 of 10 instances\"}}");
        assertInstanceOf(QuotaExceededException.class, error);
        assertEquals("Quota exceeded for instances: Requested 1, but already used 10 of 10 instances", error.serverMessage());
        assertEquals("op: quota exceeded (HTTP 403): Quota exceeded for instances: Requested 1, but already used 10 "
                + "of 10 instances", error.getMessage());
    }

    @Test
    void aForbiddenThatIsNotAboutQuotaIsARejection() {
        assertInstanceOf(RequestRejectedException.class, reply(403, "{\"forbidden\": {\"code\": 403, \"message\": \"Policy doesn't allow\"}}"));
    }

    @Test
    void missingImageFlavorAndNetworkAreRecognised() {
        assertInstanceOf(ImageNotFoundException.class, reply(400, "{\"badRequest\": {\"message\": \"Can not find requested image\"}}"));
        assertInstanceOf(ImageNotFoundException.class, reply(400, "{\"badRequest\": {\"message\": \"Image abc could not be found.\"}}"));
        assertInstanceOf(FlavorNotFoundException.class, reply(400, "{\"badRequest\": {\"message\": \"Invalid flavorRef provided.\"}}"));
        assertInstanceOf(FlavorNotFoundException.class, reply(404, "{\"itemNotFound\": {\"message\": \"Flavor 9 could not be found.\"}}"));
        assertInstanceOf(NetworkNotFoundException.class, reply(400, "{\"badRequest\": {\"message\": \"Network n1 could not be found.\"}}"));
        assertInstanceOf(RequestRejectedException.class, reply(400, "{\"badRequest\": {\"message\": \"Invalid key_name provided.\"}}"));
    }

    @Test
    void eachServicesErrorFormatGivesItsMessage() {
        assertEquals("Security group rule already exists. Rule id is x.", reply(409,
                "{\"NeutronError\": {\"type\": \"SecurityGroupRuleExists\", \"message\": \"Security group rule already exists. Rule id is x.\", \"detail\": \"\"}}")
                .serverMessage());
        assertEquals("plain neutron", reply(400, "{\"NeutronError\": \"plain neutron\"}").serverMessage());
        CloudException keystone = reply(401, "{\"error\": {\"code\": 401, \"message\": \"The request you have made requires authentication.\", \"title\": \"Unauthorized\"}}");
        assertInstanceOf(AuthenticationFailedException.class, keystone);
        assertEquals("The request you have made requires authentication.", keystone.serverMessage());
        assertEquals("404 Not Found No image found with ID x",
                reply(404, "404 Not Found\n\nNo image found with ID x\n\n").serverMessage());
        assertEquals("Reason", reply(502, "<html><body>bad gateway</body></html>").serverMessage());
        assertEquals("Reason", reply(500, "").serverMessage());
    }

    @Test
    void serverErrorsAreTypedWithTheBodysMessage() {
        CloudException error = reply(500, "{\"computeFault\": {\"code\": 500, \"message\": \"Unexpected API Error.\"}}");
        assertInstanceOf(ServerErrorException.class, error);
        assertEquals(500, error.httpStatus());
        assertEquals("Unexpected API Error.", error.serverMessage());
    }

    @Test
    void clientExceptionsAreTypedByTheirCause() {
        assertInstanceOf(CloudTimeoutException.class, ErrorTranslator.fromThrowable("op",
                new ConnectionException("timeout", 0, new SocketTimeoutException("Read timed out"))));
        assertInstanceOf(CloudUnreachableException.class, ErrorTranslator.fromThrowable("op",
                new ConnectionException("refused", 0, new ConnectException("Connection refused"))));
        assertInstanceOf(CloudUnreachableException.class, ErrorTranslator.fromThrowable("op",
                new RuntimeException(new IOException("unexpected end of stream"))));
        // openstack4j re-authenticates inside a call; a refused password comes back wrapped.
        assertInstanceOf(AuthenticationFailedException.class, ErrorTranslator.fromThrowable("op",
                new ConnectionException("Unauthorized", 0, new AuthenticationException("Unauthorized", 401))));
        assertInstanceOf(ServerErrorException.class, ErrorTranslator.fromThrowable("op",
                new ServerResponseException("Service Unavailable", 503)));
        assertInstanceOf(EndpointNotFoundException.class, ErrorTranslator.fromThrowable("op",
                RegionEndpointNotFoundException.create("R", "nova")));
        assertInstanceOf(InvalidResponseException.class, ErrorTranslator.fromThrowable("op", new IllegalStateException("bug")));
    }
}
