package githubrunner.charm.config;

import githubrunner.juju.UnitStatus;

/** The configuration (or relation data) cannot be used; {@link #status()} says why, for juju status. */
public final class ConfigException extends Exception {
    private final transient UnitStatus status;

    private ConfigException(UnitStatus status) {
        super(status.message());
        this.status = status;
    }

    public static ConfigException blocked(String message) {
        return new ConfigException(UnitStatus.blocked(message));
    }

    public static ConfigException waiting(String message) {
        return new ConfigException(UnitStatus.waiting(message));
    }

    public UnitStatus status() {
        return status;
    }
}
