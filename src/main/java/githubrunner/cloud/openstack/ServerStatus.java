package githubrunner.cloud.openstack;

import java.util.Locale;

/** What the runner manager needs to know about a VM's Nova status. */
public enum ServerStatus {
    /** Being built (Nova BUILD or REBUILD). */
    BUILD,
    ACTIVE,
    ERROR,
    /** Stopped (Nova SHUTOFF or STOPPED). */
    SHUTOFF,
    /** Deleted (Nova DELETED or SOFT_DELETED). */
    DELETED,
    /** Any other status (PAUSED, SUSPENDED, MIGRATING, ...) or none. */
    UNKNOWN;

    public static ServerStatus fromNova(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        return switch (status.toUpperCase(Locale.ROOT)) {
            case "BUILD", "REBUILD" -> BUILD;
            case "ACTIVE" -> ACTIVE;
            case "ERROR" -> ERROR;
            case "SHUTOFF", "STOPPED" -> SHUTOFF;
            case "DELETED", "SOFT_DELETED" -> DELETED;
            default -> UNKNOWN;
        };
    }
}
