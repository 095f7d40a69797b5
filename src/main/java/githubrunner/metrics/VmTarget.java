package githubrunner.metrics;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A runner VM to pull metrics from.
 *
 * @param name the VM's name (also its GitHub runner's)
 * @param addresses the VM's IP addresses as OpenStack lists them, tried in order
 * @param privateKey the VM's own private key (the keypair it was created with)
 * @param hostKeys SHA256 fingerprints ({@code SHA256:<base64>}) the VM's SSH host key must match,
 *     from its console output; empty when unknown, and then the host key is not checked
 */
public record VmTarget(String name, List<String> addresses, Path privateKey, Set<String> hostKeys) {
    public VmTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(privateKey, "privateKey");
        addresses = List.copyOf(addresses);
        hostKeys = Set.copyOf(hostKeys);
    }
}
