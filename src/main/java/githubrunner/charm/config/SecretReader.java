package githubrunner.charm.config;

import githubrunner.juju.JujuBackend;
import githubrunner.juju.JujuException;
import java.util.Map;

/** Reads one key of a Juju secret named in the config, turning every failure into a clear reason. */
final class SecretReader {
    private final JujuBackend juju;

    SecretReader(JujuBackend juju) {
        this.juju = juju;
    }

    /**
     * @param what what the secret holds, for messages ("GitHub token")
     * @param secretId the configured secret id
     * @param key the content key the value is under
     */
    String read(String what, String secretId, String key) throws ConfigException {
        Map<String, String> content;
        try {
            content = juju.secretGet(secretId, true);
        } catch (JujuException.SecretNotFound e) {
            throw ConfigException.blocked(what + " secret " + secretId + " not found");
        } catch (JujuException.PermissionDenied e) {
            throw ConfigException.blocked(what + " secret " + secretId
                    + " is not granted to this application (juju grant-secret)");
        } catch (JujuException e) {
            throw ConfigException.blocked("cannot read " + what + " secret " + secretId + ": " + e.getMessage());
        }
        String value = content.get(key);
        if (value == null || value.isBlank()) {
            throw ConfigException.blocked(what + " secret " + secretId + " is missing " + key);
        }
        return value;
    }
}
