package githubrunner.cloud.openstack.real;

import static org.junit.jupiter.api.Assertions.fail;

import githubrunner.cloud.openstack.KeystoneCredentials;
import githubrunner.cloud.openstack.OpenStackTarget;
import githubrunner.common.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real OpenStack that {@code tests/openstack/up} started, read from its state directory
 * ({@code -Dreal.openstack=DIR}). Without it the tests are skipped, saying why; with
 * {@code -Dreal.openstack.required=true} (CI) its absence fails them.
 */
final class RealCloud {
    static final String PROPERTY = "real.openstack";
    static final String REQUIRED = "real.openstack.required";

    final Path state;
    private final Map<String, String> env;

    private RealCloud(Path state, Map<String, String> env) {
        this.state = state;
        this.env = env;
    }

    /** The cloud, or a skipped (or, when required, failed) test. */
    static RealCloud require() {
        String dir = System.getProperty(PROPERTY, "");
        String missing = dir.isBlank() ? "-D" + PROPERTY + " is not set (start one with tests/openstack/up and pass "
                + "its state directory)" : !Files.isRegularFile(Path.of(dir, "env"))
                ? dir + "/env does not exist (tests/openstack/up writes it)" : null;
        if (missing != null) {
            if (Boolean.getBoolean(REQUIRED)) {
                fail("a real OpenStack is required (-D" + REQUIRED + "=true) but " + missing);
            }
            System.out.println("Skipping the real OpenStack tests: " + missing);
            Assumptions.abort("no real OpenStack: " + missing);
        }
        Path state = Path.of(dir);
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(state.resolve("env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            fail("cannot read " + state.resolve("env") + ": " + e);
        }
        return new RealCloud(state, env);
    }

    String get(String key) {
        String value = env.get(key);
        if (value == null) {
            fail(key + " missing from " + state.resolve("env"));
        }
        return value;
    }

    String authUrl() {
        return get("AUTH_URL");
    }

    String region() {
        return get("REGION");
    }

    String imageId() {
        return get("IMAGE_ID");
    }

    String flavor() {
        return get("FLAVOR_NAME");
    }

    String network() {
        return get("NETWORK_NAME");
    }

    /** The github-runner user, password auth. */
    OpenStackTarget password() {
        return withPassword(get("RUNNER_PASSWORD"));
    }

    OpenStackTarget withPassword(String password) {
        return new OpenStackTarget(authUrl(), get("RUNNER_USERNAME"), Secret.of(password), get("RUNNER_PROJECT"),
                "Default", "Default", region(), network(), flavor());
    }

    /** The github-runner user's application credential, by id. */
    OpenStackTarget applicationCredential() {
        return withApplicationCredential(get("APP_CREDENTIAL_ID"), get("APP_CREDENTIAL_SECRET"));
    }

    OpenStackTarget withApplicationCredential(String id, String secret) {
        return new OpenStackTarget(authUrl(), new KeystoneCredentials.ApplicationCredential(id, null, null, null,
                Secret.of(secret)), region(), network(), flavor());
    }

    /** The same credential by name, with its user. */
    OpenStackTarget applicationCredentialByName() {
        return new OpenStackTarget(authUrl(), new KeystoneCredentials.ApplicationCredential(null,
                get("APP_CREDENTIAL_NAME"), get("RUNNER_USERNAME"), "Default", Secret.of(get("APP_CREDENTIAL_SECRET"))),
                region(), network(), flavor());
    }

    /** The project whose instance quota is 1. */
    OpenStackTarget lowQuota() {
        return new OpenStackTarget(authUrl(), get("LOWQUOTA_USERNAME"), Secret.of(get("LOWQUOTA_PASSWORD")),
                get("LOWQUOTA_PROJECT"), "Default", "Default", region(), get("LOWQUOTA_NETWORK_NAME"), flavor());
    }

    /** The admin, working in the github-runner project (it has the admin role there). */
    RawOpenStack adminInRunnerProject() throws IOException, InterruptedException {
        return RawOpenStack.login(authUrl(), "admin", get("ADMIN_PASSWORD"), get("RUNNER_PROJECT"), region());
    }

    /** The github-runner user itself, outside the client under test. */
    RawOpenStack runnerUser() throws IOException, InterruptedException {
        return RawOpenStack.login(authUrl(), get("RUNNER_USERNAME"), get("RUNNER_PASSWORD"), get("RUNNER_PROJECT"),
                region());
    }
}
