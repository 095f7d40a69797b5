package githubrunner.charm;

import githubrunner.common.Secret;
import githubrunner.common.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.LoggerFactory;

/**
 * The unit's bearer token for its runner manager's local API: made once by the charm, kept in
 * {@link UnitFiles#apiToken()} (mode 0600, owned by the charm's user, root, in the unit's 0700
 * directory) and handed to the manager in its config. A file of its own, so update-status reads
 * it without a YAML parser. To rotate it, delete the file: the next config-changed makes a new one
 * and restarts the manager, which reads its token only when it starts.
 */
public final class ApiToken {
    /** 32 random bytes, url-safe base64 without padding. */
    private static final int BYTES = 32;
    static final int LENGTH = 43;

    private ApiToken() {}

    /** The unit's token, made and stored on first use (or when the file is unreadable or malformed). */
    public static Secret ensure(UnitFiles files) throws IOException {
        Secret existing = read(files);
        if (existing != null) {
            return existing;
        }
        SecureFiles.createOwnerOnlyDirectory(files.stateDirectory());
        Secret token = generate();
        SecureFiles.writeOwnerOnly(files.apiToken(), token.reveal());
        return token;
    }

    /** The stored token, or null when there is none (yet) or it is not one the charm made. */
    public static Secret read(UnitFiles files) {
        try {
            String value = Files.readString(files.apiToken(), StandardCharsets.US_ASCII).strip();
            return wellFormed(value) ? Secret.of(value) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Gives the token file back to the charm's user after the unit's directory was handed to the
     * service user ({@code chown -R}): the manager has the token in its config and needs no other copy.
     */
    public static void keepCharmOnly(UnitFiles files) throws IOException {
        Path file = files.apiToken();
        UserPrincipal charm;
        try {
            charm = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
        } catch (UserPrincipalNotFoundException e) {
            // Still 0600 in a 0700 directory: closed to other users, only the service user shares it.
            // No static logger: update-status reads the token and must not pay for logging's start-up.
            LoggerFactory.getLogger(ApiToken.class).warn("API token file left to the service user: the charm's user "
                    + "is not known by name");
            return;
        }
        if (Files.exists(file) && !Files.getOwner(file).equals(charm)) {
            Files.setOwner(file, charm);
        }
    }

    static Secret generate() {
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /** No regex: this runs on every update-status. */
    static boolean wellFormed(String value) {
        if (value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
