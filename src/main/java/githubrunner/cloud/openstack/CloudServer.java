package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One of this unit's VMs, as OpenStack reports it.
 *
 * @param id Nova server id
 * @param createdAt Nova's {@code created} (second precision); for the answer of a create, the
 *     client's clock (Nova's create answer has no timestamps)
 * @param metadata server metadata as stored; unknown keys are kept
 * @param addresses every IP of every network, in the order Nova lists them
 * @param keyName the keypair it was booted with: its own name (also when Nova names none), or a
 *     fresh name of the unit when its create was sent again (see {@link ServerCreation})
 */
public record CloudServer(String id, InstanceName name, ServerStatus status, Instant createdAt,
                          Map<String, String> metadata, List<String> addresses, String keyName) {
    public static final String PLATFORM_NAME = "platform_name";
    public static final String RUNNER_ID = "runner_id";
    public static final String PREFIX = "prefix";

    public CloudServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        metadata = Map.copyOf(metadata);
        addresses = List.copyOf(addresses);
        if (keyName == null || keyName.isBlank()) {
            keyName = name.value();
        }
    }

    /** A server booted with the keypair of its own name. */
    public CloudServer(String id, InstanceName name, ServerStatus status, Instant createdAt,
                       Map<String, String> metadata, List<String> addresses) {
        this(id, name, status, createdAt, metadata, addresses, null);
    }

    /** The GitHub runner id written at creation, if any (legacy VMs may have none). */
    public java.util.Optional<String> runnerId() {
        return java.util.Optional.ofNullable(metadata.get(RUNNER_ID)).filter(s -> !s.isBlank());
    }
}
