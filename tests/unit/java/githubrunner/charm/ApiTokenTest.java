package githubrunner.charm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.HostPaths;
import githubrunner.common.Secret;
import githubrunner.common.SecureFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {
    @TempDir Path root;

    UnitFiles files() {
        return new UnitFiles(HostPaths.fromEnvironment(Map.of(HostPaths.ROOT_VARIABLE, root.toString())),
                UnitIdentity.parse("github-runner/3"));
    }

    @Test
    void madeOnceKeptOwnerOnlyAndReadBack() throws Exception {
        UnitFiles files = files();
        assertNull(ApiToken.read(files), "no token before the first configuration");
        Secret token = ApiToken.ensure(files);
        assertEquals(32, Base64.getUrlDecoder().decode(token.reveal()).length, "32 random bytes, url-safe base64");
        assertEquals(SecureFiles.OWNER_READ_WRITE, Files.getPosixFilePermissions(files.apiToken()));
        assertEquals(SecureFiles.OWNER_ONLY_DIR, Files.getPosixFilePermissions(files.stateDirectory()));
        assertEquals(token, ApiToken.ensure(files), "kept across hooks");
        assertEquals(token, ApiToken.read(files));
        ApiToken.keepCharmOnly(files);
        assertEquals(System.getProperty("user.name"), Files.getOwner(files.apiToken()).getName());
    }

    @Test
    void aDeletedOrTamperedFileGivesANewToken() throws Exception {
        UnitFiles files = files();
        Secret first = ApiToken.ensure(files);
        Files.delete(files.apiToken());
        Secret second = ApiToken.ensure(files);
        assertNotEquals(first, second, "rotation: delete the file, the next config-changed makes a new token");
        Files.writeString(files.apiToken(), "short");
        assertNull(ApiToken.read(files), "a malformed token is never sent");
        assertNotEquals(second, ApiToken.ensure(files));
    }

    @Test
    void tokensAreRandomAndWellFormed() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String token = ApiToken.generate().reveal();
            assertTrue(ApiToken.wellFormed(token), token);
            assertTrue(seen.add(token));
        }
        assertFalse(ApiToken.wellFormed("a".repeat(42) + "="));
        assertFalse(ApiToken.wellFormed("a".repeat(42) + "\n"));
        assertFalse(ApiToken.wellFormed("a".repeat(44)));
    }
}
