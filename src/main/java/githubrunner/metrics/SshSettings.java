package githubrunner.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the manager reaches its VMs over SSH.
 *
 * @param port the VMs' SSH port: 22, except under the sandbox ({@link #fromEnvironment})
 * @param connectTimeout TCP connect and SSH key exchange
 * @param commandTimeout authentication, and each file's read
 * @param deadline the whole pull of one VM: a deletion never waits longer than this for metrics
 * @param proxyCommand the {@code manager-ssh-proxy-command} option: an OpenSSH-style ProxyCommand
 *     ({@code %h} host, {@code %p} port, {@code %r} user, {@code %%} a percent sign), or empty
 */
public record SshSettings(int port, Duration connectTimeout, Duration commandTimeout, Duration deadline,
                          String proxyCommand) {
    public static final int DEFAULT_PORT = 22;
    /**
     * Honoured only when {@code GITHUB_RUNNER_ROOT} sandboxes the unit (tests, juju-local,
     * simulate): the OpenStack emulator serves every VM's SSH on its own 127.x address and one port.
     */
    public static final String SANDBOX_PORT_VARIABLE = "GITHUB_RUNNER_VM_SSH_PORT";
    private static final String SANDBOX_ROOT_VARIABLE = "GITHUB_RUNNER_ROOT";

    public SshSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SSH port out of range: " + port);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(deadline, "deadline");
        proxyCommand = proxyCommand == null ? "" : proxyCommand.strip();
    }

    public static SshSettings defaults(String proxyCommand) {
        return new SshSettings(DEFAULT_PORT, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
                proxyCommand);
    }

    /** The defaults, with the sandbox's port when the environment sandboxes the unit. */
    public static SshSettings fromEnvironment(Map<String, String> environment, String proxyCommand) {
        SshSettings defaults = defaults(proxyCommand);
        String root = environment.getOrDefault(SANDBOX_ROOT_VARIABLE, "");
        String port = environment.getOrDefault(SANDBOX_PORT_VARIABLE, "");
        if (root.isEmpty() || port.isEmpty()) {
            return defaults;
        }
        return defaults.withPort(Integer.parseInt(port));
    }

    public SshSettings withPort(int value) {
        return new SshSettings(value, connectTimeout, commandTimeout, deadline, proxyCommand);
    }

    public SshSettings withTimeouts(Duration connect, Duration command, Duration whole) {
        return new SshSettings(port, connect, command, whole, proxyCommand);
    }
}
