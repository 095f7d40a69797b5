package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes the keypairs and key files of this unit that belong to no server any more. */
final class OrphanKeypairs {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanKeypairs.class);

    private final CloudContext cx;
    private final ServerLister lister;
    private final Keypairs keypairs;

    OrphanKeypairs(CloudContext cx, ServerLister lister, Keypairs keypairs) {
        this.cx = cx;
        this.lister = lister;
        this.keypairs = keypairs;
    }

    /**
     * Deletes the keypairs and key files that no server boots with (by its name, or by the key name
     * Nova lists for it) and are at least {@code minAge} old (so a VM being created keeps its key).
     *
     * @return how many names had a keypair and/or key file removed
     */
    int clean(Duration minAge) throws CloudException {
        String operation = "clean up orphan keypairs";
        Set<String> servers = new HashSet<>();
        lister.listAllOfUnit().forEach(s -> {
            servers.add(s.name().value());
            servers.add(s.keyName());
        });
        Instant now = cx.options().clock().instant();
        Set<String> keptKeypairs = new HashSet<>();
        Set<InstanceName> cleaned = new LinkedHashSet<>();

        for (Wire.KeypairBody entry : keypairs.list().keypairs()) {
            Optional<InstanceName> name = entry == null || entry.keypair() == null ? Optional.empty()
                    : InstanceName.parse(entry.keypair().name(), cx.prefix());
            if (name.isEmpty()) {
                continue;
            }
            if (servers.contains(name.get().value())) {
                keptKeypairs.add(name.get().value());
                continue;
            }
            Optional<Instant> born = Optional.empty();
            if (!minAge.isZero()) {
                // v2.1 lists keypairs without created_at: ask for this one.
                Wire.Keypair keypair = keypairs.get(name.get());
                if (keypair == null) {
                    continue; // gone meanwhile; its key file is handled below
                }
                born = newest(NovaTime.parse(keypair.createdAt()), cx.keys().writtenAt(name.get()).orElse(null));
                if (born.isEmpty() || isYoung(born.get(), now, minAge)) {
                    keptKeypairs.add(name.get().value());
                    continue;
                }
            }
            keypairs.delete(name.get());
            keypairs.deleteKeyFile(name.get());
            cleaned.add(name.get());
            LOG.info("Removed orphan keypair {}{}", name.get(), born.map(at -> " (created " + at + ")").orElse(""));
        }
        for (KeyFiles.KeyFile file : cx.keys().list(operation)) {
            String name = file.name().value();
            if (servers.contains(name) || keptKeypairs.contains(name) || cleaned.contains(file.name())
                    || isYoung(file.writtenAt(), now, minAge)) {
                continue;
            }
            keypairs.deleteKeyFile(file.name());
            cleaned.add(file.name());
            LOG.info("Removed orphan key file {}", file.path());
        }
        return cleaned.size();
    }

    /** Always false for a zero age: then even a key born "in the future" (the cloud's clock ahead) goes. */
    private static boolean isYoung(Instant born, Instant now, Duration minAge) {
        return !minAge.isZero() && Duration.between(born, now).compareTo(minAge) < 0;
    }

    private static Optional<Instant> newest(Instant a, Instant b) {
        if (a == null || b == null) {
            return Optional.ofNullable(a == null ? b : a);
        }
        return Optional.of(a.isAfter(b) ? a : b);
    }
}
