package githubrunner.cloud.openstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.openstack4j.core.transport.HttpResponse;

/**
 * An answer read in full and closed: status, reason, content type and body. The body is read
 * here rather than through openstack4j, which logs parse failures with parts of the body (a
 * keypair answer holds a private key).
 */
record HttpReply(int status, String reason, String contentType, byte[] body) {
    /** A thousand servers take about 3 MB; anything far bigger is not an answer we can use. */
    static final int MAX_BODY = 64 << 20;

    static HttpReply read(HttpResponse response, String operation) throws CloudException {
        try (response) {
            byte[] body;
            try (InputStream in = response.getInputStream()) {
                body = in == null ? new byte[0] : in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                throw new InvalidResponseException(operation, response.getStatus(), "answer larger than "
                        + MAX_BODY + " bytes", null);
            }
            return new HttpReply(response.getStatus(), response.getStatusMessage(), response.getContentType(), body);
        } catch (IOException e) {
            throw ErrorTranslator.fromThrowable(operation, e);
        }
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
