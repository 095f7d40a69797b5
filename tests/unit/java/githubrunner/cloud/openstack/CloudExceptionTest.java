package githubrunner.cloud.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CloudExceptionTest {
    @Test
    void theMessageNamesOperationKindStatusAndTheCloudsWords() {
        var error = new ServerErrorException("list servers", 503, "Service Unavailable", null);
        assertEquals("list servers: cloud server error (HTTP 503): Service Unavailable", error.getMessage());
        assertEquals(ErrorKind.SERVER_ERROR, error.kind());
        assertEquals("list servers: timed out", new CloudTimeoutException("list servers", 0, null, null).getMessage());
    }

    @Test
    void theCloudsMessageIsKeptToOneBoundedLine() {
        var error = new RequestRejectedException("op", 400, "line one\nline two\r\n\u0000" + "x".repeat(2000), null);
        assertTrue(error.serverMessage().startsWith("line one line two x"), error.serverMessage());
        assertEquals(503, error.serverMessage().length());
        assertTrue(error.serverMessage().endsWith("..."));
    }

    @Test
    void everyKindSaysWhetherItIsTransientAndWhetherItMayHaveTakenEffect() {
        assertTrue(ErrorKind.TIMEOUT.isTransient() && ErrorKind.TIMEOUT.isAmbiguous());
        assertTrue(ErrorKind.SERVER_ERROR.isAmbiguous());
        assertTrue(!ErrorKind.QUOTA.isTransient() && !ErrorKind.QUOTA.isAmbiguous());
        assertTrue(ErrorKind.INVALID_RESPONSE.isAmbiguous() && !ErrorKind.INVALID_RESPONSE.isTransient());
        assertEquals("flavor_not_found", ErrorKind.FLAVOR_NOT_FOUND.label());
    }
}
