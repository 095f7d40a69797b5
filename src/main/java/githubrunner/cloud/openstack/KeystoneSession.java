package githubrunner.cloud.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.core.transport.internal.HttpExecutor;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;
import org.openstack4j.openstack.identity.v3.domain.TokenAuth;
import org.openstack4j.openstack.internal.OSClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keystone token shared by all threads. openstack4j keeps its session in a thread-local, so
 * every call first {@link #bind() binds} the shared token to the calling thread. A token is
 * renewed shortly before it expires, and after a service refused it.
 *
 * <p>Password credentials go through openstack4j's v3 builder. openstack4j 3.12 has no
 * application credentials (its pull request 179 is not merged), so those are sent here, through
 * openstack4j's transport, and the token is handed to it as if it had made it.
 */
final class KeystoneSession {
    private static final Logger LOG = LoggerFactory.getLogger(KeystoneSession.class);
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
    private static final List<String> NEEDED_SERVICES = List.of("compute", "network");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenStackTarget cloud;
    private final String authUrl;
    private final ProxyRoutes routes;
    private final Clock clock;
    private final CallStats stats;
    private volatile Token token;

    KeystoneSession(OpenStackTarget cloud, ProxyRoutes routes, Clock clock, CallStats stats) {
        this.cloud = cloud;
        this.authUrl = v3(cloud.authUrl());
        this.routes = routes;
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
        OSClientV3 client = OSFactory.clientFromToken(current, Facing.PUBLIC, routes.forUrl(authUrl));
        client.useRegion(cloud.regionName());
        return client;
    }

    /** The transport settings (proxy or direct) for calls to this service's public endpoint. */
    Config configFor(String serviceType) {
        Token current = token;
        return routes.forUrl(current == null ? null : publicEndpoint(current, serviceType));
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
        String operation = "authenticate " + cloud.credentials().describe() + " at " + authUrl;
        stats.called("authenticate");
        try {
            Token fresh = cloud.credentials() instanceof KeystoneCredentials.ApplicationCredential credential
                    ? withApplicationCredential(credential, operation)
                    : withPassword((KeystoneCredentials.Password) cloud.credentials());
            validate(fresh, operation);
            token = fresh;
            LOG.info("Authenticated to OpenStack as {}, region {}", cloud.credentials().describe(), cloud.regionName());
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

    private Token withPassword(KeystoneCredentials.Password password) {
        return OSFactory.builderV3()
                .withConfig(routes.forUrl(authUrl))
                .endpoint(authUrl)
                .credentials(password.username(), password.password().reveal(), Identifier.byName(password.userDomainName()))
                .scopeToProject(Identifier.byName(password.projectName()), Identifier.byName(password.projectDomainName()))
                .authenticate()
                .getToken();
    }

    /** {@code POST /auth/tokens} with method application_credential; 201 and X-Subject-Token. */
    private Token withApplicationCredential(KeystoneCredentials.ApplicationCredential credential, String operation)
            throws CloudException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("application_credential");
        ObjectNode appCred = identity.putObject("application_credential");
        if (credential.id() != null) {
            appCred.put("id", credential.id());
        } else {
            appCred.put("name", credential.name());
            ObjectNode user = appCred.putObject("user");
            user.put("name", credential.username());
            user.putObject("domain").put("name", credential.userDomainName());
        }
        appCred.put("secret", credential.secret().reveal());
        // The OS4J header marks an authentication: without it openstack4j answers a 401 by
        // re-authenticating the thread's session instead of returning it.
        HttpRequest<Void> request = HttpRequest.builder(Void.class).endpoint(authUrl).method(HttpMethod.POST)
                .path("/auth/tokens").config(routes.forUrl(authUrl)).header("Accept", "application/json")
                .header(ClientConstants.HEADER_OS4J_AUTH, "Tokens").json(body.toString()).build();
        HttpResponse response = HttpExecutor.create().execute(request);
        String subjectToken = response.header("X-Subject-Token");
        HttpReply reply = HttpReply.read(response, operation);
        if (reply.status() == 404) {
            // Keystone answers an unknown credential id with 404 "Could not find Application Credential"
            throw new AuthenticationFailedException(operation, 404, ErrorTranslator.messageOf(reply), null);
        }
        if (reply.status() != 201) {
            throw reply.isSuccess() ? new InvalidResponseException(operation, reply.status(), "expected HTTP 201", null)
                    : ErrorTranslator.fromReply(operation, reply);
        }
        KeystoneToken parsed;
        try {
            parsed = ObjectMapperSingleton.getContext(KeystoneToken.class).reader(KeystoneToken.class)
                    .readValue(reply.body());
        } catch (IOException e) {
            throw new InvalidResponseException(operation, reply.status(), "token is not the expected JSON ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        parsed.setId(subjectToken);
        // openstack4j renews a token by itself on a 401 with what it was made from; given this,
        // its renewal fails and ours (on the next call) authenticates with the credential again.
        return parsed.applyContext(authUrl, new TokenAuth(subjectToken,
                parsed.getProject() == null ? null : parsed.getProject().getName(),
                parsed.getProject() == null ? null : parsed.getProject().getId()));
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
        return publicEndpoint(fresh, type) != null;
    }

    /** The URL of the service's public endpoint in our region, as openstack4j will pick it; null if none. */
    private String publicEndpoint(Token fresh, String type) {
        if (fresh.getCatalog() == null) {
            return null;
        }
        for (Service service : fresh.getCatalog()) {
            if (!type.equals(service.getType()) || service.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : service.getEndpoints()) {
                if (endpoint.getIface() == Facing.PUBLIC && cloud.regionName().equals(endpoint.getRegion())
                        && endpoint.getUrl() != null) {
                    return endpoint.getUrl().toString();
                }
            }
        }
        return null;
    }
}
