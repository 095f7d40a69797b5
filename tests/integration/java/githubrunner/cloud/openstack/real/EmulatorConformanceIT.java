package githubrunner.cloud.openstack.real;

import static org.junit.jupiter.api.Assertions.assertEquals;

import githubrunner.sim.openstack.OpenStackEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The emulator held to the real services: one scripted sequence of calls ({@link ConformanceScript})
 * against tests/openstack/up's OpenStack and against the emulator, the answers compared step by
 * step: status codes, the headers clients read, and the bodies field by field (names and JSON
 * types). Every difference is either fixed in the emulator or listed in {@link #DOCUMENTED} with
 * its reason (and in docs/OPENSTACK.md); any other fails the test.
 */
class EmulatorConformanceIT {
    /** step | difference -> why it is left so. */
    static final Map<String, String> DOCUMENTED = new LinkedHashMap<>();

    static {
        String stores = "Glance lists an image's stores only when several are enabled (enabled_backends), as in the "
                + "test cloud; the emulator is a single-store Glance. The client reads no image field";
        DOCUMENTED.put("image | stores: only from real", stores);
        DOCUMENTED.put("images | images[].stores: only from real", stores);
        for (String step : new String[] {"networks by id", "networks by name"}) {
            for (String field : new String[] {"dns_domain", "is_default", "l2_adjacency", "pvlan", "qinq",
                    "qos_policy_id", "vlan_transparent"}) {
                DOCUMENTED.put(step + " | networks[]." + field + ": only from the emulator", "an extension attribute "
                        + "of the official sample that this ML2 cloud does not enable; the client reads id and name only");
            }
        }
        String newer = "added in Neutron 2024.1, after the test cloud's Zed; the emulator follows the newer sample";
        DOCUMENTED.put("rule create | security_group_rule.belongs_to_default_sg: only from the emulator", newer);
        DOCUMENTED.put("rules of group | security_group_rules[].belongs_to_default_sg: only from the emulator", newer);
        for (String step : new String[] {"security group create | security_group", "security groups by name | "
                + "security_groups[]"}) {
            DOCUMENTED.put(step + ".security_group_rules[].belongs_to_default_sg: only from the emulator", newer);
            DOCUMENTED.put(step + ".security_group_rules[].standard_attr_id: only from real", "Zed exposes its internal "
                    + "standard attribute id in rules embedded in a group; later releases and the samples do not");
        }
    }

    @Test
    void theEmulatorAnswersTheScriptAsTheRealServicesDo() throws Exception {
        RealCloud real = RealCloud.require();
        List<ConformanceScript.Answer> fromReal = ConformanceScript.run(new ConformanceScript.Target("real",
                real.authUrl(), real.get("RUNNER_USERNAME"), real.get("RUNNER_PASSWORD"), real.get("RUNNER_PROJECT"),
                real.region(), real.imageId(), real.get("FLAVOR_ID"), real.get("NETWORK_ID"), real.network()));
        List<ConformanceScript.Answer> fromEmulator;
        try (OpenStackEmulator sim = OpenStackEmulator.builder().buildDelay(Duration.ZERO).keyBits(1024).start()) {
            RawOpenStack probe = RawOpenStack.login(sim.keystoneUrl(), sim.username(), "emulated-password",
                    sim.projectName(), sim.region());
            String flavorId = null;
            for (var flavor : probe.get("compute", "/flavors").json().path("flavors")) {
                if (flavor.path("name").asText().equals("m1.small")) {
                    flavorId = flavor.path("id").asText();
                }
            }
            fromEmulator = ConformanceScript.run(new ConformanceScript.Target("emulator", sim.keystoneUrl(),
                    sim.username(), "emulated-password", sim.projectName(), sim.region(), sim.images().get(0).id(),
                    flavorId, sim.networks().get(0).id(), sim.networks().get(0).name()));
        }
        assertEquals(fromReal.size(), fromEmulator.size(), "the script ran to its end on both");

        Map<String, String> found = new TreeMap<>();
        for (int i = 0; i < fromReal.size(); i++) {
            ConformanceScript.Answer r = fromReal.get(i);
            ConformanceScript.Answer e = fromEmulator.get(i);
            List<String> lines = new ArrayList<>();
            if (r.status() != e.status()) {
                lines.add("status: real " + r.status() + ", emulator " + e.status());
            }
            if (!r.headers().equals(e.headers())) {
                lines.add("headers: real " + r.headers() + ", emulator " + e.headers());
            }
            lines.addAll(ShapeDiff.of(r.body(), e.body()));
            for (String line : lines) {
                found.put(r.step() + " | " + line, DOCUMENTED.getOrDefault(r.step() + " | " + line, ""));
            }
        }
        StringBuilder report = new StringBuilder("OpenStack conformance: " + fromReal.size() + " steps\n");
        found.forEach((difference, why) -> report.append(why.isEmpty() ? "UNDOCUMENTED " : "documented   ")
                .append(difference).append(why.isEmpty() ? "" : "   (" + why + ")").append('\n'));
        write(report.toString());
        System.out.print(report);
        List<String> undocumented = found.entrySet().stream().filter(f -> f.getValue().isEmpty()).map(Map.Entry::getKey)
                .toList();
        assertEquals(List.of(), undocumented, "differences between the emulator and real OpenStack that are neither "
                + "fixed nor documented (see target/openstack-conformance.txt)");
    }

    private static void write(String report) throws IOException {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("openstack-conformance.txt"), report);
        }
    }
}
