package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
import githubrunner.common.RetryBudget;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.model.compute.ServerCreate;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots one VM: its keypair ({@link #prepare}), then the server ({@link #boot}). After a failure
 * that may hide a server (5xx, lost or late answer, broken connection) the keypair is deleted
 * first, so a request still on its way can no longer boot (Nova refuses a create whose key is
 * gone), and the name is looked up: a server found is kept; none means nothing was made, and the
 * create is sent once more within the retry budget, with a fresh keypair. So a name never gets two
 * servers from here, with one exception: a request Nova had already checked the keypair of when it
 * was deleted, but not yet recorded when the name was looked up; the listing's
 * {@link DuplicateServers} then deletes the older of the two.
 */
final class ServerCreation {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCreation.class);
    /** Nova refuses user data longer than this once base64-encoded. */
    static final int MAX_USER_DATA = 65535;

    private final CloudContext cx;
    private final BootChoices choices;
    private final SecurityGroups groups;
    private final Keypairs keypairs;
    private final ServerLister lister;

    ServerCreation(CloudContext cx, BootChoices choices, SecurityGroups groups, Keypairs keypairs, ServerLister lister) {
        this.cx = cx;
        this.choices = choices;
        this.groups = groups;
        this.keypairs = keypairs;
        this.lister = lister;
    }

    /** See {@link OpenStackCloud#prepareServer}: the VM's keypair is named as the VM. */
    PreparedServer prepare(InstanceName name) throws CloudException {
        // Looked up first, so that a wrong flavor or network fails before anything is made.
        String flavor = choices.flavorId();
        String network = choices.networkId();
        String group = groups.id();
        keypairs.create(name);
        return new PreparedServer(name, flavor, network, group);
    }

    /** Refuses, before any call, user data Nova would refuse. */
    static void checkUserData(InstanceName name, String userData) throws CloudException {
        checkSize(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)), "create server " + name);
    }

    private static void checkSize(String encoded, String operation) throws CloudException {
        if (encoded.length() > MAX_USER_DATA) {
            throw new RequestRejectedException(operation, 0, "user data is " + encoded.length()
                    + " bytes once base64-encoded; Nova accepts at most " + MAX_USER_DATA, null);
        }
    }

    /** See {@link OpenStackCloud#abandonServer}. */
    void abandon(PreparedServer prepared) {
        keypairs.remove(prepared.name(), null);
    }

    /** See {@link OpenStackCloud#bootServer}. */
    CloudServer boot(PreparedServer prepared, String imageId, String userData, Map<String, String> metadata)
            throws CloudException {
        InstanceName name = prepared.name();
        String operation = "create server " + name;
        String encoded = Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8));
        try {
            checkSize(encoded, operation);
        } catch (CloudException e) {
            keypairs.remove(name, e);
            throw e;
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.putIfAbsent(CloudServer.PLATFORM_NAME, OpenStackCloud.PLATFORM);
        meta.put(CloudServer.PREFIX, cx.prefix());
        String flavor = prepared.flavorId();
        String network = prepared.networkId();
        String group = prepared.securityGroupId();
        RetryBudget.Attempts sends = cx.calls().createSends();
        InstanceName key = name;
        while (true) {
            ServerCreateBuilder builder = Builders.server()
                    .name(name.value())
                    .image(imageId)
                    .flavor(flavor)
                    .keypairName(key.value())
                    .addSecurityGroup(group)
                    .userData(encoded)
                    .configDrive(true)
                    .addMetadata(meta);
            if (network != null) {
                builder.networks(List.of(network));
            }
            ServerCreate request = builder.build();
            CloudException failure;
            try {
                Wire.Server created = cx.calls().once("servers.create", operation,
                        attempt -> cx.nova().createServer(request, operation));
                LOG.info("Created server {} ({})", name, created.id());
                return new CloudServer(created.id(), name, ServerStatus.BUILD, cx.options().clock().instant(), meta,
                        List.of(), key.value());
            } catch (CloudException e) {
                failure = e;
            }
            if (!failure.kind().isAmbiguous()) {
                // Refused, so nothing was made: a 429 is sent again with the same keypair.
                choices.forget(failure.kind());
                if (!cx.calls().resend("servers.create", operation, failure, sends)) {
                    keypairs.remove(key, failure);
                    LOG.warn("{}", failure.getMessage());
                    throw failure;
                }
                continue;
            }
            Optional<CloudServer> made = recover(name, key, operation, failure);
            if (made.isPresent()) {
                return made.get();
            }
            deleteKeyFile(key, failure); // its keypair is gone already
            if (!cx.calls().resend("servers.create", operation, failure, sends)) {
                LOG.warn("{}", failure.getMessage());
                throw failure;
            }
            // A new keypair name: should the first request still land, it finds no keypair and is refused.
            key = InstanceName.generate(cx.prefix());
            keypairs.create(key);
            LOG.info("sending the create of {} again, with keypair {}", name, key);
        }
    }

    /**
     * After a create that may have taken effect: its keypair is deleted in Nova (so a request still
     * on its way can no longer boot), then the name is looked up. Returns the server if it was made
     * after all; empty if nothing was made. Throws {@code failure} when that cannot be told, or when
     * the keypair could not be deleted (a late request could still boot).
     */
    private Optional<CloudServer> recover(InstanceName name, InstanceName key, String operation, CloudException failure)
            throws CloudException {
        boolean fenced;
        try {
            keypairs.delete(key);
            fenced = true;
        } catch (CloudException e) {
            failure.addSuppressed(e);
            fenced = false;
        }
        Optional<CloudServer> existing;
        try {
            existing = lister.find(name);
        } catch (CloudException lookup) {
            // Cannot tell: the key file stays while a server may use it; the orphan cleanup removes it if none does.
            failure.addSuppressed(lookup);
            LOG.warn("{} failed ({}) and the lookup failed too; leaving its key for the orphan cleanup", operation,
                    failure.kind().label());
            throw failure;
        }
        if (existing.isPresent()) {
            LOG.warn("{}: the answer was lost ({}) but the server exists ({}); keeping it", operation,
                    failure.kind().label(), existing.get().id());
            return existing;
        }
        if (!fenced) {
            // A request still on its way could boot later: no second one, and the key stays for it.
            LOG.warn("{} failed ({}) and its keypair could not be deleted; not sending it again", operation,
                    failure.kind().label());
            throw failure;
        }
        return Optional.empty();
    }

    private void deleteKeyFile(InstanceName key, CloudException failure) {
        try {
            keypairs.deleteKeyFile(key);
        } catch (KeyStorageException e) {
            failure.addSuppressed(e);
            LOG.warn("Could not delete key file of {}: {}", key, e.getMessage());
        }
    }
}
