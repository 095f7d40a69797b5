package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;


import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strict rendering, hostile values, the Nova size limit, and what never reaches a VM. */
class UserDataRenderingTest {
    private final UserDataRenderer renderer = new UserDataRenderer(Templates.bundled());

    private String render(TestVms.Builder vm) throws UserDataException {
        return renderer.render(vm.build(), TestVms.bootstrap());
    }

    @Test
    void anUndefinedVariableFailsTheRendering() {
        Templates templates = Templates.bundled();
        Templates broken = new Templates("#!/bin/sh\necho {{ runner_nmae }}\n", templates.env(), templates.preJob());

        UserDataException error = assertThrows(UserDataException.class,
                () -> new UserDataRenderer(broken).render(TestVms.vm().build(), TestVms.bootstrap()));
        assertTrue(error.getMessage().contains("user-data.sh.j2") && error.getMessage().contains("runner_nmae"), error.getMessage());
    }

    @Test
    void anUndefinedAttributeFailsTheRendering() {
        Templates templates = Templates.bundled();
        Templates broken = new Templates(templates.userData(), templates.env() + "X={{ tmate.hots }}\n", templates.preJob());

        UserDataException error = assertThrows(UserDataException.class,
                () -> new UserDataRenderer(broken).render(TestVms.vm().build(), TestVms.bootstrap()));
        assertTrue(error.getMessage().contains("env.j2") && error.getMessage().contains("tmate.hots"), error.getMessage());
    }

    @Test
    void productionScriptsUseTheRealPaths() throws Exception {
        UserDataRenderer.Scripts scripts = renderer.renderScripts(TestVms.vm().build(), TestVms.bootstrap());

        assertTrue(scripts.userData().startsWith("#!/bin/sh\n"), "the shebang must be the first line");
        assertTrue(scripts.userData().contains("\nwrite_ubuntu_file /home/ubuntu/actions-runner/.env 0644 <<'EOF_RUNNER_ENV'\n"));
        assertTrue(scripts.userData().contains("\nsu - ubuntu -c 'cd /home/ubuntu/actions-runner && ./run.sh --jitconfig "
                + TestVms.JIT + "'\n"), scripts.userData());
        assertTrue(scripts.env().contains("ACTIONS_RUNNER_HOOK_JOB_STARTED=/home/ubuntu/actions-runner/pre-job.sh\n"));
        assertTrue(scripts.preJob().contains("\nmetrics_dir=/home/ubuntu/metrics-exchange\n"));
    }

    @Test
    void theSameRunnerAlwaysGetsTheSameScript() throws Exception {
        TestVms.Builder vm = TestVms.vm().proxy("http://proxy.internal:3128").aproxy().tmate(TestVms.TMATE).otel("otel:4317");
        assertEquals(render(vm), render(vm));
    }

    @Test
    void oneRendererServesManyThreads() throws Exception {
        TestVms.Builder vm = TestVms.vm().proxy("http://proxy.internal:3128").aproxy().exclude("10.0.0.0/8", "fd00::/8")
                .tmate(TestVms.TMATE).contributorCheck().otel("otel:4317");
        List<RunnerBootstrap> runners = new java.util.ArrayList<>();
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            RunnerBootstrap runner = new RunnerBootstrap(InstanceName.generate(TestVms.PREFIX), Secret.of("x" + i + TestVms.JIT),
                    List.of("x64"));
            runners.add(runner);
            expected.add(renderer.render(vm.build(), runner));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (RunnerBootstrap runner : runners) {
                results.add(pool.submit(() -> renderer.render(vm.build(), runner)));
            }
            for (int i = 0; i < runners.size(); i++) {
                assertEquals(expected.get(i), results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theJitConfigAppearsOnlyInTheRunnerCommand() throws Exception {
        String userData = render(TestVms.vm().preJobScript("#!/bin/sh\necho '{{ jit_config }}' {{ jit_config|sq }}\n"));

        assertEquals(1, occurrences(userData, TestVms.JIT), userData);
        assertTrue(userData.contains("echo '{{ jit_config }}' {{ jit_config|sq }}\n"), "a value is never rendered again");
    }

    @Test
    void theBootstrapNeverShowsTheJitConfig() {
        assertFalse(TestVms.bootstrap().toString().contains(TestVms.JIT));
    }

    /** The PAT and the App key cannot reach a VM: nothing the renderer takes can hold them. */
    @Test
    void theRendererCannotReceiveGitHubCredentials() {
        Set<Class<?>> inputs = new HashSet<>();
        for (var method : UserDataRenderer.class.getMethods()) {
            if (method.getDeclaringClass() == UserDataRenderer.class) {
                inputs.addAll(Arrays.asList(method.getParameterTypes()));
            }
        }
        for (var constructor : UserDataRenderer.class.getConstructors()) {
            inputs.addAll(Arrays.asList(constructor.getParameterTypes()));
        }
        assertEquals(Set.of(VmOptions.class, RunnerBootstrap.class, Templates.class, Path.class, String.class), inputs);
        assertNoCredentials(VmOptions.class);
        List<String> secrets = Arrays.stream(RunnerBootstrap.class.getRecordComponents())
                .filter(c -> c.getType() == Secret.class).map(RecordComponent::getName).toList();
        assertEquals(List.of("jitConfig"), secrets);
        assertTrue(Modifier.isFinal(UserDataRenderer.class.getModifiers()));
    }

    private static void assertNoCredentials(Class<?> record) {
        for (RecordComponent component : record.getRecordComponents()) {
            Class<?> type = component.getType();
            assertFalse(type == Secret.class || type == ManagerConfig.GitHubAuth.class || type == ManagerConfig.GitHub.class
                    || type == ManagerConfig.class, record.getSimpleName() + "." + component.getName() + " could carry a credential");
            if (type.isRecord()) {
                assertNoCredentials(type);
            }
        }
    }

    @Test
    void theRunnerNameIsTheHostnameWithinDnsLimits() throws Exception {
        String prefix = "a".repeat(37) + "-application-0";
        InstanceName name = InstanceName.parse(prefix + "-00112233aabb", prefix).orElseThrow();
        assertEquals(InstanceName.MAX_LENGTH, name.value().length());
        String userData = renderer.render(TestVms.vm().build(), new RunnerBootstrap(name, Secret.of(TestVms.JIT), List.of()));

        String hostname = userData.lines().filter(l -> l.startsWith("hostnamectl set-hostname ")).findFirst().orElseThrow()
                .substring("hostnamectl set-hostname ".length());
        assertEquals("a".repeat(37) + "-applicatio-0-00112233aabb", hostname);
        assertTrue(Checks.isHostname(hostname));
    }

    @Test
    void eachVmTakesOneTmateServerByItsName() throws Exception {
        TmateServer other = new TmateServer("tmate2.example.com", 22, "SHA256:x", "SHA256:y");
        Set<String> hosts = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            InstanceName name = InstanceName.generate(TestVms.PREFIX);
            RunnerBootstrap bootstrap = new RunnerBootstrap(name, Secret.of(TestVms.JIT), List.of());
            String env = renderer.renderScripts(TestVms.vm().tmate(TestVms.TMATE, other).build(), bootstrap).env();
            String again = renderer.renderScripts(TestVms.vm().tmate(TestVms.TMATE, other).build(), bootstrap).env();
            assertEquals(env, again);
            hosts.add(env.lines().filter(l -> l.startsWith("TMATE_SERVER_HOST=")).findFirst().orElseThrow());
        }
        assertEquals(Set.of("TMATE_SERVER_HOST=tmate.example.com", "TMATE_SERVER_HOST=tmate2.example.com"), hosts);
    }

    @Test
    void ipv6ExclusionsAreSkippedWithAWarning() throws Exception {
        String userData = render(TestVms.vm().proxy("http://10.1.2.3:3128").aproxy().exclude("fd00::/8", "2001:db8::1-2001:db8::9"));

        assertTrue(userData.contains("elements = { 127.0.0.0/8, 10.1.2.3 }"), userData);
        assertTrue(userData.contains("echo 'aproxy: IPv6 exclusion fd00::/8 skipped, aproxy redirects IPv4 only' >&2"));
        assertTrue(userData.contains("echo 'aproxy: IPv6 exclusion 2001:db8::1-2001:db8::9 skipped"));
    }

    @Test
    void unicodeLabelsAreAcceptedAndOnlyInAComment() throws Exception {
        RunnerBootstrap bootstrap = new RunnerBootstrap(TestVms.RUNNER, Secret.of(TestVms.JIT), List.of("größer-1", "x64"));
        String userData = renderer.render(TestVms.vm().build(), bootstrap);

        assertEquals(List.of("# Labels: größer-1, x64"), userData.lines().filter(l -> l.contains("größer")).toList());
    }

    // --- hostile values -----------------------------------------------------------------------

    static Stream<Arguments> hostileSettings() {
        return Stream.of(
                hostile("proxy URL with ';'", vm -> vm.proxy("http://proxy.internal:3128;reboot"), "runner proxy", "reboot"),
                hostile("proxy URL with a quote in the password", vm -> vm.proxy("http://u:p'ss@proxy.internal:3128"),
                        "runner proxy", "p'ss"),
                hostile("proxy URL with $()", vm -> vm.proxy("http://$(reboot):3128"), "runner proxy", "reboot"),
                hostile("proxy URL with a path", vm -> vm.proxy("http://proxy.internal:3128/x"), "runner proxy", "internal"),
                hostile("proxy URL with a newline", vm -> vm.proxy("http://proxy.internal:3128\nreboot"), "runner proxy", "reboot"),
                hostile("SOCKS proxy", vm -> vm.proxy("socks5://proxy.internal:1080"), "runner proxy", "socks5"),
                hostile("proxy port out of range", vm -> vm.proxy("http://proxy.internal:70000"), "port", "internal"),
                hostile("no_proxy with ';'", vm -> vm.proxy(new ProxyUrls("http://proxy.internal", null, "localhost;reboot")),
                        "no-proxy", "secret"),
                hostile("mirror with a quote", vm -> vm.mirror("https://mirror.example.com/\"x"), "dockerhub-mirror", "secret"),
                hostile("mirror with $()", vm -> vm.mirror("https://mirror.example.com/$(reboot)"), "dockerhub-mirror", "reboot"),
                hostile("plain HTTP mirror", vm -> vm.mirror("http://mirror.example.com"), "dockerhub-mirror", "secret"),
                hostile("otel endpoint with ';'", vm -> vm.otel("otel.example.com:4317;reboot"), "otel-collector-endpoint", "reboot"),
                hostile("otel endpoint without a port", vm -> vm.otel("otel.example.com"), "otel-collector-endpoint", "secret"),
                hostile("tmate host with $()", vm -> vm.tmate(new TmateServer("$(reboot)", 22, "SHA256:a", "SHA256:b")),
                        "tmate server host", "reboot"),
                hostile("tmate port 0", vm -> vm.tmate(new TmateServer("tmate.example.com", 0, "SHA256:a", "SHA256:b")),
                        "tmate server port", "secret"),
                hostile("tmate fingerprint with a newline", vm -> vm.tmate(new TmateServer("tmate.example.com", 22,
                        "SHA256:a\nLD_PRELOAD=/tmp/x", "SHA256:b")), "fingerprint", "LD_PRELOAD"),
                hostile("redirect port with ';'", vm -> vm.proxy("http://10.0.0.1:3128").aproxy().ports("80;reboot"),
                        "aproxy-redirect-ports", "secret"),
                hostile("reversed port range", vm -> vm.proxy("http://10.0.0.1:3128").aproxy().ports("90-80"),
                        "range starts after it ends", "secret"),
                hostile("port 65536", vm -> vm.proxy("http://10.0.0.1:3128").aproxy().ports("65536"), "aproxy-redirect-ports", "secret"),
                hostile("exclusion with an nft command", vm -> vm.exclude("10.0.0.0/8 }; flush ruleset; {"),
                        "aproxy-exclude-addresses", "secret"),
                hostile("exclusion prefix /33", vm -> vm.exclude("10.0.0.0/33"), "prefix length", "secret"),
                hostile("reversed address range", vm -> vm.exclude("10.0.0.9-10.0.0.1"), "range starts after it ends", "secret"),
                hostile("exclusion that is a host name", vm -> vm.exclude("example.com"), "aproxy-exclude-addresses", "secret"),
                hostile("pre-job script with NUL", vm -> vm.preJobScript("#!/bin/sh\necho \0 x\n"), "NUL", "echo"));
    }

    private static Arguments hostile(String name, UnaryOperator<TestVms.Builder> change, String message, String absent) {
        return Arguments.of(name, change, message, absent);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileSettings")
    void hostileSettingsAreRejected(String name, UnaryOperator<TestVms.Builder> change, String message, String absent) {
        UserDataException error = assertThrows(UserDataException.class, () -> render(change.apply(TestVms.vm())));

        assertTrue(error.getMessage().contains(message), error.getMessage());
        assertFalse(error.getMessage().contains(absent), "the message repeats the value: " + error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "a message must stay on one line: " + error.getMessage());
    }

    static Stream<Arguments> hostileRunners() {
        return Stream.of(
                Arguments.of("label with a space", new RunnerBootstrap(TestVms.RUNNER, Secret.of(TestVms.JIT), List.of("large gpu"))),
                Arguments.of("label with a quote", new RunnerBootstrap(TestVms.RUNNER, Secret.of(TestVms.JIT), List.of("it's"))),
                Arguments.of("label with a newline", new RunnerBootstrap(TestVms.RUNNER, Secret.of(TestVms.JIT), List.of("x\nreboot"))),
                Arguments.of("label with $()", new RunnerBootstrap(TestVms.RUNNER, Secret.of(TestVms.JIT), List.of("$(reboot)"))),
                Arguments.of("JIT config with a quote", new RunnerBootstrap(TestVms.RUNNER, Secret.of("abc' ; reboot ; '"), List.of())),
                Arguments.of("empty JIT config", new RunnerBootstrap(TestVms.RUNNER, Secret.of(""), List.of())),
                Arguments.of("runner name with a space", new RunnerBootstrap(new InstanceName("a b", "", "0123456789ab"),
                        Secret.of(TestVms.JIT), List.of())),
                Arguments.of("runner name with $()", new RunnerBootstrap(new InstanceName("$(reboot)", "", "0123456789ab"),
                        Secret.of(TestVms.JIT), List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRunners")
    void hostileRunnerValuesAreRejected(String name, RunnerBootstrap bootstrap) {
        UserDataException error = assertThrows(UserDataException.class, () -> renderer.render(TestVms.vm().build(), bootstrap));

        assertFalse(error.getMessage().contains("reboot ;"), "the JIT config is in the message: " + error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }

    // --- size ---------------------------------------------------------------------------------

    @Test
    void userDataLargerThanNovaAcceptsIsRefused() {
        String script = "#!/bin/sh\n" + "echo 'a line of a very long pre-job script'\n".repeat(1_200);

        UserDataException error = assertThrows(UserDataException.class, () -> render(TestVms.vm().preJobScript(script)));
        assertTrue(error.getMessage().contains("more than the 65535 Nova accepts"), error.getMessage());
        assertTrue(error.getMessage().contains("pre-job-script"), error.getMessage());
        assertFalse(error.getMessage().contains("a very long"), error.getMessage());
    }

    @Test
    void theLimitIsCountedInBase64() throws Exception {
        assertEquals(4, UserDataRenderer.base64Size("abc"));
        assertEquals(8, UserDataRenderer.base64Size("abcd"));
        assertEquals(4, UserDataRenderer.base64Size("é"));
        String userData = render(TestVms.vm());
        assertNotEquals(userData.length(), UserDataRenderer.base64Size(userData));
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
