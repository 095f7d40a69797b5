package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedirectRulesTest {
    private static RedirectRules rules(List<String> ports, List<String> exclude) throws UserDataException {
        return RedirectRules.of(ports, exclude);
    }

    @Test
    void portsAreMergedSoTheSetHasNoOverlap() throws Exception {
        assertEquals("80, 443", rules(List.of("443", "80", "443"), List.of()).ports());
        assertEquals("80-90, 443", rules(List.of("85-90", "80-84", "443", "88"), List.of()).ports());
        assertEquals("0-65535", rules(List.of("0-65535", "80"), List.of()).ports());
        assertEquals("1000-2000", rules(List.of(" 1000 - 2000 "), List.of()).ports());
        assertEquals("", rules(List.of(), List.of()).ports());
    }

    @Test
    void exclusionsAreNormalisedAfterLoopback() throws Exception {
        RedirectRules rules = rules(List.of("80"), List.of("10.1.2.3/8", "192.168.001.010", "10.0.0.0/8", "1.2.3.4-1.2.3.9",
                "0.0.0.0/0", "2001:db8::/32", "::1", "fe80::1-fe80::9"));

        assertEquals("127.0.0.0/8, 10.0.0.0/8, 192.168.1.10, 1.2.3.4-1.2.3.9, 0.0.0.0/0", rules.exclusions());
        assertEquals(List.of("2001:db8::/32", "::1", "fe80::1-fe80::9"), rules.skippedIpv6());
    }

    @Test
    void invalidEntriesAreRejected() {
        for (String port : List.of("80;reboot", "-1", "65536", "90-80", "80-", "http", "8 0", "1-2-3")) {
            UserDataException error = assertThrows(UserDataException.class, () -> rules(List.of(port), List.of()), port);
            assertTrue(error.getMessage().startsWith("Invalid aproxy-redirect-ports entry"), error.getMessage());
        }
        for (String address : List.of("10.0.0.0/33", "256.0.0.1", "10.0.0.9-10.0.0.1", "10.0.0.0/8;x", "example.com",
                "10.0.0.0/-1", "2001:db8::/32; flush", "1.2.3.4-::1", "")) {
            UserDataException error = assertThrows(UserDataException.class, () -> rules(List.of("80"), List.of(address)), address);
            assertTrue(error.getMessage().startsWith("Invalid aproxy-exclude-addresses entry"), error.getMessage());
        }
    }
}
