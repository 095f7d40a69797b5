package githubrunner.cloud.openstack;

import java.util.Set;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.openstack.internal.OSClientSession;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.SecurityGroupRule;
import org.openstack4j.openstack.networking.internal.BaseNetworkingServices;

/** The Neutron requests this client makes; see {@link NovaCalls} for why the status handling is ours. */
final class NeutronCalls extends BaseNetworkingServices {
    private final KeystoneSession session;

    NeutronCalls(KeystoneSession session) {
        this.session = session;
    }

    // Each request goes through the proxy chosen for Neutron's endpoint (or none): set on the
    // thread's session before openstack4j builds the request from it.
    @Override
    protected <R> Invocation<R> get(Class<R> returnType, String... path) {
        OSClientSession.getCurrent().useConfig(session.configFor("network"));
        return super.get(returnType, path);
    }

    @Override
    protected <R> Invocation<R> post(Class<R> returnType, String... path) {
        OSClientSession.getCurrent().useConfig(session.configFor("network"));
        return super.post(returnType, path);
    }

    @Override
    protected <R> Invocation<R> delete(Class<R> returnType, String... path) {
        OSClientSession.getCurrent().useConfig(session.configFor("network"));
        return super.delete(returnType, path);
    }

    Wire.SecurityGroupList findSecurityGroups(String name, String operation) throws CloudException {
        return Wire.parse(expect(get(Void.class, "/security-groups").param("name", name), operation, 200),
                Wire.SecurityGroupList.class, operation);
    }

    Wire.SecurityGroup createSecurityGroup(SecurityGroup group, String operation) throws CloudException {
        HttpReply reply = expect(post(Void.class, "/security-groups").entity(group), operation, 201);
        Wire.SecurityGroupBody body = Wire.parse(reply, Wire.SecurityGroupBody.class, operation);
        if (body.group() == null || body.group().id() == null) {
            throw new InvalidResponseException(operation, reply.status(), "no security group id in the answer", null);
        }
        return body.group();
    }

    Wire.RuleList rulesOf(String groupId, String operation) throws CloudException {
        return Wire.parse(expect(get(Void.class, "/security-group-rules").param("security_group_id", groupId),
                operation, 200), Wire.RuleList.class, operation);
    }

    /** 201 with the rule; a 409 (the rule exists) is returned as null. */
    Wire.Rule createRule(SecurityGroupRule rule, String operation) throws CloudException {
        HttpResponse response = post(Void.class, "/security-group-rules").entity(rule)
                .header("Accept", "application/json").executeWithResponse();
        HttpReply reply = HttpReply.read(response, operation);
        if (reply.status() == 409) {
            return null;
        }
        if (reply.status() != 201) {
            throw reply.isSuccess() ? new InvalidResponseException(operation, reply.status(), "expected HTTP 201", null)
                    : ErrorTranslator.fromReply(operation, reply);
        }
        return Wire.parse(reply, Wire.RuleBody.class, operation).rule();
    }

    Wire.NetworkList findNetworks(String attribute, String value, String operation) throws CloudException {
        return Wire.parse(expect(get(Void.class, "/networks").param(attribute, value), operation, 200),
                Wire.NetworkList.class, operation);
    }

    private static HttpReply expect(Invocation<Void> request, String operation, int status) throws CloudException {
        HttpResponse response = request.header("Accept", "application/json").executeWithResponse();
        HttpReply reply = HttpReply.read(response, operation);
        if (reply.status() != status) {
            throw reply.isSuccess()
                    ? new InvalidResponseException(operation, reply.status(), "expected HTTP " + Set.of(status), null)
                    : ErrorTranslator.fromReply(operation, reply);
        }
        return reply;
    }
}
