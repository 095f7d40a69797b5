package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
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

/** Boots one VM: keypair, then the server, sent once; after a failure, what was made is removed. */
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

    /** See {@link OpenStackCloud#createServer}. */
    CloudServer create(InstanceName name, String imageId, String userData, Map<String, String> metadata)
            throws CloudException {
        String operation = "create server " + name;
        String encoded = Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8));
        if (encoded.length() > MAX_USER_DATA) {
            throw new RequestRejectedException(operation, 0, "user data is " + encoded.length()
                    + " bytes once base64-encoded; Nova accepts at most " + MAX_USER_DATA, null);
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.putIfAbsent(CloudServer.PLATFORM_NAME, OpenStackCloud.PLATFORM);
        meta.put(CloudServer.PREFIX, cx.prefix());

        String flavor = choices.flavorId();
        String network = choices.networkId();
        String group = groups.id();
        keypairs.create(name);
        ServerCreateBuilder builder = Builders.server()
                .name(name.value())
                .image(imageId)
                .flavor(flavor)
                .keypairName(name.value())
                .addSecurityGroup(group)
                .userData(encoded)
                .configDrive(true)
                .addMetadata(meta);
        if (network != null) {
            builder.networks(List.of(network));
        }
        ServerCreate request = builder.build();
        try {
            Wire.Server created = cx.calls().once("servers.create", operation,
                    attempt -> cx.nova().createServer(request, operation));
            LOG.info("Created server {} ({})", name, created.id());
            return new CloudServer(created.id(), name, ServerStatus.BUILD, cx.options().clock().instant(), meta, List.of());
        } catch (CloudException failure) {
            return recover(name, operation, failure);
        }
    }

    /** After a failed create: keep a server that exists after all, else clean up and report. */
    private CloudServer recover(InstanceName name, String operation, CloudException failure) throws CloudException {
        if (failure.kind().isAmbiguous()) {
            Optional<CloudServer> existing;
            try {
                existing = lister.find(name);
            } catch (CloudException lookup) {
                // Cannot tell: leave keypair and key file; the orphan cleanup removes them if no server appears.
                failure.addSuppressed(lookup);
                LOG.warn("{} failed ({}) and the lookup failed too; leaving its keypair for the orphan cleanup",
                        operation, failure.kind().label());
                throw failure;
            }
            if (existing.isPresent()) {
                LOG.warn("{}: the answer was lost ({}) but the server exists ({}); keeping it", operation,
                        failure.kind().label(), existing.get().id());
                return existing.get();
            }
        }
        choices.forget(failure.kind());
        keypairs.remove(name, failure);
        LOG.warn("{}", failure.getMessage());
        throw failure;
    }
}
