package githubrunner.cloud.openstack.real;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixed sequence of OpenStack calls, the ones the client and the CLI make, run the same way
 * against any cloud: each answer is kept (status, the headers a client reads, the JSON body) for
 * a field-by-field comparison between the real services and the emulator.
 */
final class ConformanceScript {
    /** Where to run: password credentials, and the image, flavor and network to boot with. */
    record Target(String name, String authUrl, String username, String password, String project, String region,
                  String imageId, String flavorId, String networkId, String networkName) {}

    /** One answer. */
    record Answer(String step, int status, Map<String, String> headers, JsonNode body) {}

    /** Headers clients act on: the token, the content type, the version negotiation. */
    static final List<String> HEADERS = List.of("x-subject-token", "content-type", "openstack-api-version",
            "x-openstack-nova-api-version");

    private final Target target;
    private final List<Answer> answers = new ArrayList<>();
    private RawOpenStack os;

    private ConformanceScript(Target target) {
        this.target = target;
    }

    static List<Answer> run(Target target) throws IOException, InterruptedException {
        ConformanceScript script = new ConformanceScript(target);
        script.all();
        return script.answers;
    }

    private void all() throws IOException, InterruptedException {
        String identity = RawOpenStack.v3(target.authUrl());
        record("identity versions", RawOpenStack.send("GET", identity.substring(0, identity.length() - 3), null, Map.of(),
                null));
        record("identity v3", RawOpenStack.send("GET", identity, null, Map.of(), null));
        record("auth wrong password", RawOpenStack.send("POST", identity + "/auth/tokens", null, Map.of(),
                "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\""
                        + target.username() + "\",\"domain\":{\"name\":\"Default\"},\"password\":\"wrong-"
                        + System.nanoTime() + "\"}}},\"scope\":{\"project\":{\"name\":\"" + target.project()
                        + "\",\"domain\":{\"name\":\"Default\"}}}}}"));
        os = RawOpenStack.login(target.authUrl(), target.username(), target.password(), target.project(),
                target.region());
        record("auth password", os.auth);

        String compute = os.endpoint("compute");
        record("compute versions", RawOpenStack.send("GET", compute.replaceAll("/v2(\\.1)?$", "") + "/", null, Map.of(),
                null));
        record("compute v2.1", RawOpenStack.send("GET", compute + "/", null, Map.of(), null));
        record("image versions", RawOpenStack.send("GET", os.endpoint("image") + "/", null, Map.of(), null));
        record("flavors", os.get("compute", "/flavors"));
        record("flavors detail", os.get("compute", "/flavors/detail"));
        record("limits", os.get("compute", "/limits"));
        record("images", os.get("image", "/v2/images"));
        record("image", os.get("image", "/v2/images/" + target.imageId()));
        record("networks by name", os.get("network", "/v2.0/networks?name=" + target.networkName()));
        record("networks by id", os.get("network", "/v2.0/networks?id=" + target.networkId()));

        String tag = Long.toHexString(System.nanoTime());
        String group = "conformance-" + tag;
        RawOpenStack.Reply created = call("security group create", "POST", "network", "/v2.0/security-groups",
                "{\"security_group\":{\"name\":\"" + group + "\",\"description\":\"conformance\"}}");
        String groupId = created.json() == null ? "none" : created.json().path("security_group").path("id").asText();
        record("security groups by name", os.get("network", "/v2.0/security-groups?name=" + group));
        String rule = "{\"security_group_rule\":{\"security_group_id\":\"" + groupId + "\",\"direction\":\"ingress\","
                + "\"ethertype\":\"IPv4\",\"protocol\":\"tcp\",\"port_range_min\":22,\"port_range_max\":22}}";
        call("rule create", "POST", "network", "/v2.0/security-group-rules", rule);
        call("rule create again", "POST", "network", "/v2.0/security-group-rules", rule);
        record("rules of group", os.get("network", "/v2.0/security-group-rules?security_group_id=" + groupId));

        String key = "conformance-" + tag;
        call("keypair create", "POST", "compute", "/os-keypairs", "{\"keypair\":{\"name\":\"" + key + "\"}}");
        record("keypairs", os.get("compute", "/os-keypairs"));
        record("keypair", os.get("compute", "/os-keypairs/" + key));

        String userData = Base64.getEncoder().encodeToString("#!/bin/sh\necho conformance\n".getBytes(StandardCharsets.UTF_8));
        String name = "conformance-" + tag;
        RawOpenStack.Reply server = call("server create", "POST", "compute", "/servers", boot(name, target.imageId(),
                target.flavorId(), target.networkId(), userData, key, group));
        String serverId = server.json() == null ? "none" : server.json().path("server").path("id").asText();
        awaitActive(serverId);
        record("server", os.get("compute", "/servers/" + serverId));
        record("server metadata", os.get("compute", "/servers/" + serverId + "/metadata"));
        String regex = URLEncoder.encode("^conformance-" + tag, StandardCharsets.UTF_8);
        RawOpenStack.Reply other = call("server create second", "POST", "compute", "/servers", boot(name + "-b",
                target.imageId(), target.flavorId(), target.networkId(), userData, key, group));
        String otherId = other.json() == null ? "none" : other.json().path("server").path("id").asText();
        awaitActive(otherId);
        record("servers detail by name", os.get("compute", "/servers/detail?name=" + regex));
        record("servers detail limit 1", os.get("compute", "/servers/detail?limit=1&name=" + regex));
        record("servers limit 1", os.get("compute", "/servers?limit=1&name=" + regex));

        call("boot unknown image", "POST", "compute", "/servers", boot(name + "-x", "00000000-0000-4000-8000-000000000000",
                target.flavorId(), target.networkId(), userData, key, group));
        call("boot unknown flavor", "POST", "compute", "/servers", boot(name + "-x", target.imageId(), "no-such-flavor",
                target.networkId(), userData, key, group));
        call("boot unknown network", "POST", "compute", "/servers", boot(name + "-x", target.imageId(),
                target.flavorId(), "00000000-0000-4000-8000-000000000001", userData, key, group));
        call("boot unknown key", "POST", "compute", "/servers", boot(name + "-x", target.imageId(), target.flavorId(),
                target.networkId(), userData, "no-such-key-" + tag, group));

        for (JsonNode listed : os.get("compute", "/servers?name=" + regex).json().path("servers")) {
            String id = listed.path("id").asText();
            call(id.equals(serverId) ? "server delete" : "server delete other", "DELETE", "compute", "/servers/" + id, null);
        }
        awaitGone(serverId);
        awaitGone(otherId);
        record("server after delete", os.get("compute", "/servers/" + serverId));
        call("server delete again", "DELETE", "compute", "/servers/" + serverId, null);
        call("keypair delete", "DELETE", "compute", "/os-keypairs/" + key, null);
        record("keypair after delete", os.get("compute", "/os-keypairs/" + key));
        call("security group delete", "DELETE", "network", "/v2.0/security-groups/" + groupId, null);
    }

    private static String boot(String name, String image, String flavor, String network, String userData, String key,
                               String group) {
        return "{\"server\":{\"name\":\"" + name + "\",\"imageRef\":\"" + image + "\",\"flavorRef\":\"" + flavor
                + "\",\"networks\":[{\"uuid\":\"" + network + "\"}],\"user_data\":\"" + userData + "\",\"key_name\":\""
                + key + "\",\"security_groups\":[{\"name\":\"" + group + "\"}],\"config_drive\":true,"
                + "\"metadata\":{\"platform_name\":\"github\",\"runner_id\":\"7\"}}}";
    }

    private RawOpenStack.Reply call(String step, String method, String service, String path, String body)
            throws IOException, InterruptedException {
        RawOpenStack.Reply reply = os.call(method, service, path, Map.of(), body);
        record(step, reply);
        return reply;
    }

    private void record(String step, RawOpenStack.Reply reply) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : HEADERS) {
            String value = reply.header(name);
            if (value != null) {
                headers.put(name, name.equals("content-type") ? value.replaceAll(";.*", "") : "present");
            }
        }
        answers.add(new Answer(step, reply.status(), headers, reply.json()));
    }

    private void awaitActive(String id) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(RealClients.PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            String status = os.get("compute", "/servers/" + id).json().path("server").path("status").asText();
            if (status.equals("ACTIVE") || status.equals("ERROR")) {
                return;
            }
            Thread.sleep(300);
        }
    }

    private void awaitGone(String id) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(RealClients.PATIENCE);
        while (Instant.now().isBefore(deadline) && os.get("compute", "/servers/" + id).status() != 404) {
            Thread.sleep(300);
        }
    }
}
