package githubrunner.cloud.openstack;

import java.util.Set;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.openstack.internal.OSClientSession;
import org.openstack4j.model.compute.ServerCreate;
import org.openstack4j.openstack.compute.domain.ConsoleOutputOptions;
import org.openstack4j.openstack.compute.domain.NovaKeypair;
import org.openstack4j.openstack.compute.internal.BaseComputeServices;

/**
 * The Nova requests this client makes, through openstack4j's transport (session, token, catalog,
 * okhttp connector) but with our own status handling: openstack4j's services answer a 404 list
 * with an empty list, drop the next-page links and keep only the reason phrase of a 5xx.
 * Each method makes exactly one HTTP request on the calling thread's bound session.
 */
final class NovaCalls extends BaseComputeServices {
    private final KeystoneSession session;

    NovaCalls(KeystoneSession session) {
        this.session = session;
    }

    // Each request goes through the proxy chosen for Nova's endpoint (or none): set on the
    // thread's session before openstack4j builds the request from it.
    @Override
    protected <R> Invocation<R> get(Class<R> returnType, String... path) {
        OSClientSession.getCurrent().useConfig(session.configFor("compute"));
        return super.get(returnType, path);
    }

    @Override
    protected <R> Invocation<R> post(Class<R> returnType, String... path) {
        OSClientSession.getCurrent().useConfig(session.configFor("compute"));
        return super.post(returnType, path);
    }

    @Override
    protected <R> Invocation<R> delete(Class<R> returnType, String... path) {
        OSClientSession.getCurrent().useConfig(session.configFor("compute"));
        return super.delete(returnType, path);
    }

    /** One page of {@code GET /servers/detail}, filtered by Nova's name regex. */
    Wire.ServerPage listServers(String nameRegex, String marker, String operation) throws CloudException {
        Invocation<Void> request = get(Void.class, "/servers/detail").param("name", nameRegex);
        if (marker != null) {
            request.param("marker", marker);
        }
        return Wire.parse(expect(request, operation, 200), Wire.ServerPage.class, operation);
    }

    /** {@code POST /servers}: 202 with the new id (no status or timestamps yet). */
    Wire.Server createServer(ServerCreate server, String operation) throws CloudException {
        HttpReply reply = expect(post(Void.class, "/servers").entity(server), operation, 202);
        Wire.ServerBody body = Wire.parse(reply, Wire.ServerBody.class, operation);
        if (body.server() == null || body.server().id() == null || body.server().id().isBlank()) {
            throw new InvalidResponseException(operation, reply.status(), "no server id in the answer", null);
        }
        return body.server();
    }

    /** {@code DELETE /servers/{id}}: true if deleted, false if Nova no longer knows it (404). */
    boolean deleteServer(String id, String operation) throws CloudException {
        return expectOrGone(delete(Void.class, uri("/servers/%s", id)), operation, Set.of(204, 202));
    }

    /** {@code POST /servers/{id}/action} {@code os-getConsoleOutput}: the console's last {@code lines} lines. */
    String consoleOutput(String id, int lines, String operation) throws CloudException {
        HttpReply reply = expect(post(Void.class, uri("/servers/%s/action", id)).entity(new ConsoleOutputOptions(lines)),
                operation, 200);
        Wire.ConsoleOutput body = Wire.parse(reply, Wire.ConsoleOutput.class, operation);
        return body.output() == null ? "" : body.output();
    }

    /** {@code POST /os-keypairs} with a public key: Nova imports it and keeps no private half. */
    Wire.Keypair importKeypair(String name, String publicKey, String operation) throws CloudException {
        HttpReply reply = expect(post(Void.class, "/os-keypairs").entity(NovaKeypair.create(name, publicKey)), operation,
                Set.of(200, 201));
        Wire.KeypairBody body = Wire.parse(reply, Wire.KeypairBody.class, operation);
        if (body.keypair() == null || !name.equals(body.keypair().name())) {
            throw new InvalidResponseException(operation, reply.status(), "answer is not the keypair asked for", null);
        }
        return body.keypair();
    }

    Wire.KeypairList listKeypairs(String operation) throws CloudException {
        return Wire.parse(expect(get(Void.class, "/os-keypairs"), operation, 200), Wire.KeypairList.class, operation);
    }

    /** {@code GET /os-keypairs/{name}}: null when there is no such keypair. */
    Wire.Keypair getKeypair(String name, String operation) throws CloudException {
        HttpReply reply = HttpReply.read(get(Void.class, uri("/os-keypairs/%s", name)).executeWithResponse(), operation);
        if (reply.status() == 404) {
            return null;
        }
        if (reply.status() != 200) {
            throw ErrorTranslator.fromReply(operation, reply);
        }
        Wire.KeypairBody body = Wire.parse(reply, Wire.KeypairBody.class, operation);
        if (body.keypair() == null || !name.equals(body.keypair().name())) {
            throw new InvalidResponseException(operation, reply.status(), "answer is not the keypair asked for", null);
        }
        return body.keypair();
    }

    /** {@code DELETE /os-keypairs/{name}}: true if deleted, false if already gone. */
    boolean deleteKeypair(String name, String operation) throws CloudException {
        return expectOrGone(delete(Void.class, uri("/os-keypairs/%s", name)), operation, Set.of(202, 204));
    }

    Wire.FlavorList listFlavors(String operation) throws CloudException {
        return Wire.parse(expect(get(Void.class, "/flavors"), operation, 200), Wire.FlavorList.class, operation);
    }

    private static HttpReply expect(Invocation<Void> request, String operation, int status) throws CloudException {
        return expect(request, operation, Set.of(status));
    }

    static HttpReply expect(Invocation<Void> request, String operation, Set<Integer> statuses) throws CloudException {
        HttpResponse response = request.header("Accept", "application/json").executeWithResponse();
        HttpReply reply = HttpReply.read(response, operation);
        if (!statuses.contains(reply.status())) {
            throw reply.isSuccess()
                    ? new InvalidResponseException(operation, reply.status(), "expected HTTP " + statuses, null)
                    : ErrorTranslator.fromReply(operation, reply);
        }
        return reply;
    }

    private static boolean expectOrGone(Invocation<Void> request, String operation, Set<Integer> statuses)
            throws CloudException {
        HttpReply reply = HttpReply.read(request.executeWithResponse(), operation);
        if (reply.status() == 404) {
            return false;
        }
        if (!statuses.contains(reply.status())) {
            throw reply.isSuccess()
                    ? new InvalidResponseException(operation, reply.status(), "expected HTTP " + statuses, null)
                    : ErrorTranslator.fromReply(operation, reply);
        }
        return true;
    }
}
