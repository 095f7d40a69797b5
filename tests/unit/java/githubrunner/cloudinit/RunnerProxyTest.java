package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerProxyTest {
    @Test
    void noProxyMeansNone() throws Exception {
        assertTrue(RunnerProxy.of(ProxyUrls.NONE).isEmpty());
        assertTrue(RunnerProxy.of(null).isEmpty());
        assertTrue(RunnerProxy.of(new ProxyUrls(null, null, "localhost")).isEmpty());
    }

    @Test
    void theAddressComesFromTheHttpUrlElseTheHttpsOne() throws Exception {
        assertEquals("proxy.internal:3128", RunnerProxy.of(new ProxyUrls("http://proxy.internal:3128", "http://other:1", null))
                .orElseThrow().address());
        assertEquals("other.internal:443", RunnerProxy.of(new ProxyUrls(null, "https://other.internal", null)).orElseThrow().address());
        assertEquals("10.0.0.1:80", RunnerProxy.of(new ProxyUrls("http://user:p%40ss@10.0.0.1/", null, null)).orElseThrow().address());
        assertEquals("[fd00::1]:3128", RunnerProxy.of(new ProxyUrls("http://[fd00::1]:3128", null, null)).orElseThrow().address());
    }

    @Test
    void hostKinds() throws Exception {
        assertTrue(RunnerProxy.of(new ProxyUrls("http://10.0.0.1:3128", null, null)).orElseThrow().hostIsIpv4());
        assertFalse(RunnerProxy.of(new ProxyUrls("http://proxy:3128", null, null)).orElseThrow().hostIsIpv4());
        assertTrue(RunnerProxy.of(new ProxyUrls("http://[fd00::1]:3128", null, null)).orElseThrow().hostIsIpv6());
    }

    @Test
    void noProxyIsNormalised() throws Exception {
        assertEquals("localhost,.internal,10.0.0.0/8,[fd00::1]",
                RunnerProxy.of(new ProxyUrls("http://p:1", null, " localhost, .internal,,10.0.0.0/8 ,[fd00::1]")).orElseThrow().noProxy());
    }

    @Test
    void anythingElseIsRejectedWithoutRepeatingTheUrl() {
        for (String url : List.of("http://proxy:3128;reboot", "http://u:pa'ss@proxy:3128", "http://u:pa;ss@proxy:3128",
                "ftp://proxy:21", "http://proxy:3128/path", "http://proxy:3128?q", "http://proxy:0", "http://proxy:99999",
                "http://-proxy:3128", "http://[not:v6:xx]:3128", "http://proxy:3128 x", "http://$(reboot):1", "proxy:3128")) {
            UserDataException error = assertThrows(UserDataException.class, () -> RunnerProxy.of(new ProxyUrls(url, null, null)), url);
            assertTrue(error.getMessage().contains("runner proxy"), error.getMessage());
            assertFalse(error.getMessage().contains(url.substring(url.indexOf("//") + 2)), error.getMessage());
        }
    }

    @Test
    void toStringShowsNoCredentials() throws Exception {
        assertEquals("RunnerProxy[proxy:3128]", RunnerProxy.of(new ProxyUrls("http://u:secret@proxy:3128", null, null)).orElseThrow()
                .toString());
    }
}
