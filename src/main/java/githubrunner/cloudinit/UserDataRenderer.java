package githubrunner.cloudinit;


import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the user data of a runner VM: a {@code /bin/sh} script that cloud-init runs as root
 * (see {@code templates/user-data.sh.j2}), carrying the runner's {@code .env} and its pre-job
 * hook. Made once from the templates; one renderer serves any number of threads (jinjava keeps
 * each render's state to its thread).
 *
 * <p>It receives the unit's VM settings and the one runner's name and JIT config: nothing else
 * reaches a VM, and the GitHub PAT or App key are not even available to it.
 */
public final class UserDataRenderer {
    /** Nova's limit on user data, which it counts base64-encoded. */
    public static final int NOVA_USER_DATA_LIMIT = 65_535;
    private static final Logger LOG = LoggerFactory.getLogger(UserDataRenderer.class);

    private final Templates templates;
    private final TemplateEngine engine = new TemplateEngine();
    private final String root;

    public UserDataRenderer(Templates templates) {
        this(templates, "");
    }

    private UserDataRenderer(Templates templates, String root) {
        this.templates = templates;
        this.root = root;
    }

    /**
     * A renderer whose scripts put every absolute path under {@code root}, so tests can run them
     * unprivileged. Production scripts use the real paths.
     */
    public static UserDataRenderer forSandbox(Templates templates, Path root) {
        String prefix = root.toAbsolutePath().normalize().toString();
        if (!prefix.matches("(/[A-Za-z0-9._-]+)+")) {
            throw new IllegalArgumentException("sandbox root must be a plain absolute path: " + prefix);
        }
        return new UserDataRenderer(templates, prefix);
    }

    /**
     * The user data for one runner VM.
     *
     * @throws UserDataException when a setting is invalid or unsafe, or the result is larger than
     *     Nova accepts; the message says which, without secrets
     */
    public String render(VmOptions vm, RunnerBootstrap bootstrap) throws UserDataException {
        return renderScripts(vm, bootstrap).userData();
    }

    /** The user data and the two files it writes, for tests that run each of them. */
    record Scripts(String userData, String env, String preJob) {}

    Scripts renderScripts(VmOptions vm, RunnerBootstrap bootstrap) throws UserDataException {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(bootstrap, "bootstrap");
        BootstrapPlan plan = BootstrapPlan.of(root, vm, bootstrap);
        String env = engine.render(Templates.ENV, templates.env(), plan.envVariables());
        String preJob = engine.render(Templates.PRE_JOB, templates.preJob(), plan.preJobVariables());
        String userData = engine.render(Templates.USER_DATA, templates.userData(), plan.userDataVariables(env, preJob));
        int encoded = base64Size(userData);
        if (encoded > NOVA_USER_DATA_LIMIT) {
            throw new UserDataException("The user data of runner " + bootstrap.runnerName() + " is " + encoded
                    + " bytes in base64, more than the " + NOVA_USER_DATA_LIMIT + " Nova accepts; shorten the pre-job-script");
        }
        LOG.debug("Rendered user data of runner {}: {} bytes in base64", bootstrap.runnerName(), encoded);
        return new Scripts(userData, env, preJob);
    }

    /** The size Nova counts: the user data's UTF-8 bytes, base64-encoded. */
    public static int base64Size(String userData) {
        return Base64.getEncoder().encode(userData.getBytes(StandardCharsets.UTF_8)).length;
    }
}
