package githubrunner.cloud.openstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.internal.OSClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keystone token shared by all threads. openstack4j keeps its session in a thread-local, so
 * every call first {@link #bind() binds} the shared token to the calling thread. A token is
 * renewed shortly before it expires, and after a service refused it.
 */
final class KeystoneSession {
    private static final Logger LOG = LoggerFactory.getLogger(KeystoneSession.class);
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
    private static final List<String> NEEDED_SERVICES = List.of("compute", "network");

    private final OpenStackTarget cloud;
    private final String authUrl;
    private final Config config;
    private final Clock clock;
    private final CallStats stats;
    private volatile Token token;

    KeystoneSession(OpenStackTarget cloud, Config config, Clock clock, CallStats stats) {
        this.cloud = cloud;
        this.authUrl = v3(cloud.authUrl());
        this.config = config;
        this.clock = clock;
        this.stats = stats;
    }

    /** clouds.yaml may give the Keystone root or its /v3; openstack4j wants the /v3 base. */
    static String v3(String authUrl) {
        String url = authUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url.endsWith("/v3") ? url : url + "/v3";
    }

    /** Makes a valid token current on this thread, authenticating first if needed. */
    OSClientV3 bind() throws CloudException {
        Token current = token;
        if (current == null || expiresSoon(current)) {
            current = authenticate(current);
        }
        OSClientV3 client = OSFactory.clientFromToken(current, Facing.PUBLIC, config);
        client.useRegion(cloud.regionName());
        return client;
    }

    /** openstack4j re-authenticates by itself on a 401; keep the token it got for the other threads. */
    void adoptRenewedToken() {
        if (OSClientSession.getCurrent() instanceof OSClientSession.OSClientSessionV3 session) {
            Token renewed = session.getToken();
            Token shared = token;
            if (renewed != null && shared != null && renewed != shared && renewed.getId() != null) {
                token = renewed;
            }
        }
    }

    /** Forget the token (a service refused it): the next call authenticates again. */
    void invalidate() {
        token = null;
    }

    private boolean expiresSoon(Token current) {
        return current.getExpires() != null
                && !clock.instant().plus(RENEW_BEFORE_EXPIRY).isBefore(current.getExpires().toInstant());
    }

    private synchronized Token authenticate(Token seen) throws CloudException {
        if (token != seen && token != null && !expiresSoon(token)) {
            return token; // another thread renewed it meanwhile
        }
        String operation = "authenticate " + cloud.username() + " at " + authUrl;
        stats.called("authenticate");
        try {
            OSClientV3 client = OSFactory.builderV3()
                    .withConfig(config)
                    .endpoint(authUrl)
                    .credentials(cloud.username(), cloud.password().reveal(), Identifier.byName(cloud.userDomainName()))
                    .scopeToProject(Identifier.byName(cloud.projectName()), Identifier.byName(cloud.projectDomainName()))
                    .authenticate();
            Token fresh = client.getToken();
            validate(fresh, operation);
            token = fresh;
            LOG.info("Authenticated to OpenStack as {} (project {}, region {})", cloud.username(), cloud.projectName(),
                    cloud.regionName());
            return fresh;
        } catch (CloudException e) {
            stats.failed("authenticate", e.kind());
            throw e;
        } catch (RuntimeException e) {
            CloudException error = ErrorTranslator.fromThrowable(operation, e);
            stats.failed("authenticate", error.kind());
            throw error;
        }
    }

    /** A token without id, or without the services we use in our region, is of no use. */
    private void validate(Token fresh, String operation) throws CloudException {
        if (fresh == null || fresh.getId() == null || fresh.getId().isBlank()) {
            throw new InvalidResponseException(operation, 201, "Keystone answered without X-Subject-Token", null);
        }
        for (String type : NEEDED_SERVICES) {
            if (!hasPublicEndpoint(fresh, type)) {
                throw new EndpointNotFoundException(operation, 0, "the catalog has no public '" + type
                        + "' endpoint in region " + cloud.regionName(), null);
            }
        }
        if (fresh.getExpires() != null && !fresh.getExpires().toInstant().isAfter(Instant.EPOCH)) {
            throw new InvalidResponseException(operation, 201, "token without a usable expiry", null);
        }
    }

    private boolean hasPublicEndpoint(Token fresh, String type) {
        if (fresh.getCatalog() == null) {
            return false;
        }
        for (Service service : fresh.getCatalog()) {
            if (!type.equals(service.getType()) || service.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : service.getEndpoints()) {
                if (endpoint.getIface() == Facing.PUBLIC && cloud.regionName().equals(endpoint.getRegion())
                        && endpoint.getUrl() != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
