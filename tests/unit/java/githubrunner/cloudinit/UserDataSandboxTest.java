package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered user data, run by a real {@code sh} in a sandbox whose system commands are stubs
 * that record their arguments: what the VM would do, in what order, with which files.
 */
class UserDataSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Commands whose order is the boot sequence (chown, sleep and logger calls left out). */
    private static final List<String> SEQUENCE = List.of("hostnamectl", "snap", "nft", "systemctl", "apt-get",
            "adduser", "su", "run.sh");
    private static final String RUNNER_DIR = "/home/ubuntu/actions-runner";

    @TempDir
    Path temp;

    private VmSandbox sandbox;

    private SystemTools.Run boot(VmOptions vm) throws Exception {
        if (sandbox == null) {
            sandbox = VmSandbox.create(temp);
        }
        String userData = sandbox.renderer().render(vm, TestVms.bootstrap());
        return sandbox.run("sh", userData);
    }

    private VmSandbox sandbox() throws IOException {
        if (sandbox == null) {
            sandbox = VmSandbox.create(temp);
        }
        return sandbox;
    }

    private List<List<String>> sequence() throws IOException {
        return sandbox.calls().stream().filter(call -> SEQUENCE.contains(call.get(0))).toList();
    }

    private String runnerDir() {
        return sandbox.path(RUNNER_DIR).toString();
    }

    @Test
    void bootsARunnerWithItsJitConfigAsUbuntu() throws Exception {
        SystemTools.Run run = boot(TestVms.vm().build());

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(
                List.of("hostnamectl", "set-hostname", "github-runner-0-0123456789ab"),
                List.of("snap", "refresh", "--hold=48h"),
                List.of("snap", "watch", "--last=auto-refresh?"),
                List.of("apt-get", "update"),
                List.of("adduser", "ubuntu", "lxd"),
                List.of("adduser", "ubuntu", "adm"),
                List.of("su", "-", "ubuntu", "-c", "cd " + runnerDir() + " && ./run.sh --jitconfig " + TestVms.JIT),
                List.of("run.sh", "--jitconfig", TestVms.JIT)), sequence());
        assertEquals(runnerDir(), Files.readString(temp.resolve("run.sh.cwd")).strip());
        assertFalse(run.output().contains(TestVms.JIT), "the boot log shows the JIT config:\n" + run.output());
    }

    @Test
    void writesTheRunnerFilesOwnedByUbuntu() throws Exception {
        boot(TestVms.vm().build());
        UserDataRenderer.Scripts scripts = sandbox.renderer().renderScripts(TestVms.vm().build(), TestVms.bootstrap());

        assertEquals(scripts.env(), sandbox.read(RUNNER_DIR + "/.env"));
        assertEquals(scripts.preJob(), sandbox.read(RUNNER_DIR + "/pre-job.sh"));
        assertEquals(List.of(
                "PATH=/home/ubuntu/.local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin",
                "LANG=C.UTF-8",
                "ACTIONS_RUNNER_HOOK_JOB_STARTED=" + runnerDir() + "/pre-job.sh"), sandbox.read(RUNNER_DIR + "/.env").lines().toList());
        assertTrue(Files.isExecutable(sandbox.path(RUNNER_DIR + "/pre-job.sh")));
        List<List<String>> chowns = sandbox.calls("chown");
        for (String path : List.of(RUNNER_DIR + "/.env", RUNNER_DIR + "/pre-job.sh", "/home/ubuntu/metrics-exchange",
                "/home/ubuntu/metrics-exchange/runner-installed.timestamp",
                "/home/ubuntu/metrics-exchange/post-job-metrics.json", "/home/ubuntu/run-completed")) {
            assertTrue(chowns.contains(List.of("chown", "ubuntu:ubuntu", sandbox.path(path).toString())), "not chowned: " + path);
        }
        assertTrue(sandbox.read("/home/ubuntu/metrics-exchange/runner-installed.timestamp").strip().matches("[0-9]+"));
        assertTrue(sandbox.exists("/home/ubuntu/run-completed"));
    }

    @Test
    void postJobMetricsSayNormalWhenTheRunnerSucceeds() throws Exception {
        boot(TestVms.vm().build());

        JsonNode metrics = JSON.readTree(sandbox.read("/home/ubuntu/metrics-exchange/post-job-metrics.json"));
        assertEquals("normal", metrics.get("status").asText());
        assertTrue(metrics.get("timestamp").isIntegralNumber());
        assertFalse(metrics.has("status_info"));
    }

    @Test
    void postJobMetricsCarryTheRunnersExitCode() throws Exception {
        sandbox().env("SANDBOX_RUNNER_EXIT", "3");
        SystemTools.Run run = boot(TestVms.vm().build());

        assertEquals(0, run.exitCode(), "a failed runner still completes the boot script:\n" + run.output());
        JsonNode metrics = JSON.readTree(sandbox.read("/home/ubuntu/metrics-exchange/post-job-metrics.json"));
        assertEquals("abnormal", metrics.get("status").asText());
        assertEquals(3, metrics.at("/status_info/code").asInt());
        assertTrue(sandbox.exists("/home/ubuntu/run-completed"));
    }

    @Test
    void aJobStoppedByThePreJobCheckKeepsThatVerdictInTheMetrics() throws Exception {
        Path payload = temp.resolve("fork-pr.json");
        Files.writeString(payload, PreJobScriptTest.forkPullRequest("NONE", false).toString());
        sandbox().env("SANDBOX_EVENT_NAME", "pull_request").env("SANDBOX_EVENT_PATH", payload.toString());
        SystemTools.Run run = boot(TestVms.vm().contributorCheck().build());

        assertEquals(0, run.exitCode(), run.output());
        assertEquals("1", Files.readString(temp.resolve("hook.exit")).strip(), run.output());
        JsonNode metrics = JSON.readTree(sandbox.read("/home/ubuntu/metrics-exchange/post-job-metrics.json"));
        assertEquals("external-contributor-check-failure", metrics.get("status").asText());
    }

    @Test
    void aproxyRedirectsExactlyTheConfiguredPortsAndSparesTheProxy() throws Exception {
        VmOptions vm = TestVms.vm().proxy("http://10.1.2.3:3128").aproxy()
                .ports("80", "443", "8000-8100", "443", "8050")
                .exclude("10.0.0.0/8", "192.168.1.10-192.168.1.20", "172.16.0.1/12", "2001:db8::/32")
                .build();
        SystemTools.Run run = boot(vm);

        assertEquals(0, run.exitCode(), run.output());
        String nftables = sandbox.path("/etc/nftables.conf").toString();
        assertEquals(List.of(
                List.of("hostnamectl", "set-hostname", "github-runner-0-0123456789ab"),
                List.of("snap", "refresh", "--hold=48h"),
                List.of("snap", "watch", "--last=auto-refresh?"),
                List.of("snap", "install", "aproxy", "--edge"),
                List.of("snap", "set", "aproxy", "proxy=10.1.2.3:3128", "listen=:54969"),
                List.of("systemctl", "enable", "nftables.service"),
                List.of("nft", "-f", nftables),
                List.of("apt-get", "update")), sequence().subList(0, 8));
        String rules = sandbox.read("/etc/nftables.conf");
        assertEquals(List.of("127.0.0.0/8, 10.0.0.0/8, 192.168.1.10-192.168.1.20, 172.16.0.0/12, 10.1.2.3"),
                all(rules, "elements = \\{ (.*) }"));
        assertEquals(List.of("80, 443, 8000-8100", "80, 443, 8000-8100"), all(rules, "tcp dport \\{ (.*) } "));
        assertEquals(List.of("10.20.0.15:54969", "10.20.0.15:54969"), all(rules, "dnat to (\\S+)"));
        assertEquals(List.of("prerouting priority dstnat", "output priority -100"), all(rules, "hook (\\w+ priority \\S+);"));
        assertTrue(run.stderr().contains("aproxy: IPv6 exclusion 2001:db8::/32 skipped"), run.stderr());
        assertFalse(sandbox.read(RUNNER_DIR + "/.env").contains("proxy"), "with aproxy, no proxy variables in .env");
        NftCheck.assertLoads(sandbox.path("/etc/nftables.conf"));
    }

    @Test
    void aproxyExcludesEveryAddressOfAProxyHostName() throws Exception {
        sandbox().host("198.51.100.8", "proxy.internal").host("198.51.100.7", "proxy.internal");
        SystemTools.Run run = boot(TestVms.vm().proxy("http://proxy.internal:3128").aproxy().build());

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(sandbox.calls("snap").contains(List.of("snap", "set", "aproxy", "proxy=proxy.internal:3128", "listen=:54969")));
        assertEquals(List.of("127.0.0.0/8, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 198.51.100.7, 198.51.100.8"),
                all(sandbox.read("/etc/nftables.conf"), "elements = \\{ (.*) }"));
        NftCheck.assertLoads(sandbox.path("/etc/nftables.conf"));
    }

    @Test
    void anUnresolvableProxyStopsTheBootBeforeTheRunner() throws Exception {
        SystemTools.Run run = boot(TestVms.vm().proxy("http://proxy.internal:3128").aproxy().build());

        assertNotEquals(0, run.exitCode());
        assertTrue(run.stderr().contains("aproxy: cannot resolve the proxy host proxy.internal"), run.stderr());
        assertEquals(5, sandbox.calls("getent").size());
        assertEquals(List.of(List.of("sleep", "2"), List.of("sleep", "2"), List.of("sleep", "2"), List.of("sleep", "2")),
                sandbox.calls("sleep"));
        assertTrue(sandbox.calls("nft").isEmpty());
        assertTrue(sandbox.calls("run.sh").isEmpty());
    }

    @Test
    void aproxyNeedsARunnerProxy() throws Exception {
        SystemTools.Run run = boot(TestVms.vm().aproxy().build());

        assertEquals(0, run.exitCode(), run.output());
        assertFalse(sandbox.calls("snap").stream().anyMatch(call -> call.contains("aproxy")));
        assertTrue(sandbox.calls("nft").isEmpty());
        assertFalse(sandbox.exists("/etc/nftables.conf"));
    }

    @Test
    void withoutPortsToRedirectAproxyStaysOffAndTheProxyGoesInTheEnvironment() throws Exception {
        SystemTools.Run run = boot(TestVms.vm().proxy("http://proxy.internal:3128").aproxy().ports().build());

        assertEquals(0, run.exitCode(), run.output());
        assertFalse(sandbox.calls("snap").stream().anyMatch(call -> call.contains("aproxy")));
        assertTrue(sandbox.read(RUNNER_DIR + "/.env").contains("http_proxy=http://proxy.internal:3128\n"));
    }

    @Test
    void withoutAproxyTheBootAndTheRunnerUseTheRunnerProxy() throws Exception {
        ProxyUrls proxy = new ProxyUrls("http://user:p%40ss@proxy.internal:3128", "http://proxy.internal:3129", "localhost, 10.0.0.0/8,");
        SystemTools.Run run = boot(TestVms.vm().proxy(proxy).build());

        assertEquals(0, run.exitCode(), run.output());
        List<String> env = sandbox.read(RUNNER_DIR + "/.env").lines().toList();
        assertTrue(env.containsAll(List.of("http_proxy=http://user:p%40ss@proxy.internal:3128",
                "HTTP_PROXY=http://user:p%40ss@proxy.internal:3128", "https_proxy=http://proxy.internal:3129",
                "HTTPS_PROXY=http://proxy.internal:3129", "no_proxy=localhost,10.0.0.0/8", "NO_PROXY=localhost,10.0.0.0/8")), env.toString());
        assertEquals("http_proxy=http://user:p%40ss@proxy.internal:3128 https_proxy=http://proxy.internal:3129 "
                + "no_proxy=localhost,10.0.0.0/8", Files.readString(temp.resolve("apt-get.env")).strip());
        assertFalse(run.output().contains("p%40ss"), "the boot log shows the proxy password");
    }

    @Test
    void aptGetUpdateIsRetriedAfterAFailure() throws Exception {
        sandbox().env("SANDBOX_APT_FAILURES", "2");
        SystemTools.Run run = boot(TestVms.vm().build());

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(3, sandbox.calls("apt-get").size());
        assertEquals(List.of(List.of("sleep", "10"), List.of("sleep", "10")), sandbox.calls("sleep"));
        assertEquals(1, sandbox.calls("run.sh").size());
    }

    @Test
    void aPackageMirrorOutageDoesNotCostTheRunner() throws Exception {
        sandbox().env("SANDBOX_APT_FAILURES", "100");
        SystemTools.Run run = boot(TestVms.vm().build());

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(7, sandbox.calls("apt-get").size());
        assertEquals(6, sandbox.calls("sleep").size());
        assertTrue(run.stderr().contains("apt-get update failed 7 times"), run.stderr());
        assertEquals(1, sandbox.calls("run.sh").size());
    }

    @Test
    void dockerhubMirrorIsWrittenAsJsonBeforeDockerRestarts() throws Exception {
        SystemTools.Run run = boot(TestVms.vm().mirror("https://mirror.example.com:5000/v2-cache").build());

        assertEquals(0, run.exitCode(), run.output());
        JsonNode daemon = JSON.readTree(sandbox.read("/etc/docker/daemon.json"));
        assertEquals(JSON.readTree("{\"registry-mirrors\": [\"https://mirror.example.com:5000/v2-cache\"]}"), daemon);
        List<List<String>> systemctl = sandbox.calls("systemctl");
        assertEquals(List.of(List.of("systemctl", "daemon-reload"), List.of("systemctl", "restart", "docker")), systemctl);
        List<String> env = sandbox.read(RUNNER_DIR + "/.env").lines().toList();
        assertTrue(env.containsAll(List.of("DOCKERHUB_MIRROR=https://mirror.example.com:5000/v2-cache",
                "CONTAINER_REGISTRY_URL=https://mirror.example.com:5000/v2-cache")), env.toString());
    }

    @Test
    void tmateTunnelsThroughTheRunnerProxyWhenAsked() throws Exception {
        SystemTools.Run run = boot(TestVms.vm().proxy("http://squid.internal:3128").tmate(TestVms.TMATE).tmateThroughProxy().build());

        assertEquals(0, run.exitCode(), run.output());
        List<String> service = sandbox.read("/etc/systemd/system/tmate-proxy.service").lines().toList();
        assertTrue(service.contains("ExecStart=/usr/bin/socat TCP-LISTEN:3129,fork,bind=127.0.0.1 "
                + "PROXY:squid.internal:tmate.example.com:10022,proxyport=3128"), service.toString());
        assertTrue(sandbox.calls("systemctl").contains(List.of("systemctl", "daemon-reload")));
        List<String> env = sandbox.read(RUNNER_DIR + "/.env").lines().toList();
        assertTrue(env.containsAll(List.of("TMATE_SERVER_HOST=127.0.0.1", "TMATE_SERVER_PORT=3129",
                "TMATE_SERVER_RSA_FINGERPRINT=" + TestVms.TMATE.rsaFingerprint(),
                "TMATE_SERVER_ED25519_FINGERPRINT=" + TestVms.TMATE.ed25519Fingerprint())), env.toString());
    }

    @Test
    void tmateConnectsDirectlyOtherwise() throws Exception {
        SystemTools.Run run = boot(TestVms.vm().tmate(TestVms.TMATE).tmateThroughProxy().build());

        assertEquals(0, run.exitCode(), run.output());
        assertFalse(sandbox.exists("/etc/systemd/system/tmate-proxy.service"), "no proxy, no tunnel");
        List<String> env = sandbox.read(RUNNER_DIR + "/.env").lines().toList();
        assertTrue(env.containsAll(List.of("TMATE_SERVER_HOST=tmate.example.com", "TMATE_SERVER_PORT=10022")), env.toString());
    }

    @Test
    void thePreJobScriptArrivesByteForByteAndRuns() throws Exception {
        String script = """
                #!/bin/sh
                # Every delimiter the VM scripts use, and text a template or a shell would expand:
                cat "$0" > "$SANDBOX_DIR/pre-job-script.copy"
                : <<'EOF_CUSTOM_SCRIPT'
                EOF_PRE_JOB
                EOF_RUNNER_ENV
                EOF_NFTABLES
                {{ jit_config }} {% if true %}x{% endif %} $(touch "$SANDBOX_DIR/expanded") `id` '"\\
                EOF_CUSTOM_SCRIPT
                echo "the pre-job-script ran" >&2""";
        Path payload = temp.resolve("push.json");
        Files.copy(PreJobScriptTest.fixture("push/payload.json"), payload);
        sandbox().env("SANDBOX_EVENT_NAME", "push").env("SANDBOX_EVENT_PATH", payload.toString());
        SystemTools.Run run = boot(TestVms.vm().preJobScript(script).build());

        assertEquals(0, run.exitCode(), run.output());
        assertEquals("0", Files.readString(temp.resolve("hook.exit")).strip(), run.output());
        assertTrue(run.stderr().contains("the pre-job-script ran"), run.stderr());
        assertEquals(script + "\n", Files.readString(temp.resolve("pre-job-script.copy")));
        assertFalse(Files.exists(temp.resolve("expanded")), "the script was expanded on its way");
        try (var left = Files.list(temp.resolve("tmp"))) {
            assertEquals(0, left.count(), "the script's temporary file was left behind");
        }
    }

    private static List<String> all(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.results().map(result -> result.group(1)).toList();
    }
}
