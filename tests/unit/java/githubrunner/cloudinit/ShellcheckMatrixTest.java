package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertTrue;



import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** shellcheck on the production scripts, for each feature alone and all of them together. */
class ShellcheckMatrixTest {
    private static final String HOSTILE_SCRIPT = """
            #!/usr/bin/env bash
            set -euo pipefail
            cat <<'EOF_CUSTOM_SCRIPT'
            EOF_PRE_JOB
            $(not expanded) `nor this` {{ jit_config }}
            EOF_CUSTOM_SCRIPT
            echo "ready"
            """;

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("defaults", TestVms.vm()),
                Arguments.of("aproxy, IPv4 proxy", TestVms.vm().proxy("http://10.1.2.3:3128").aproxy()),
                Arguments.of("aproxy, proxy host name, ranges, IPv6 skipped", TestVms.vm().proxy("http://proxy.internal:3128")
                        .aproxy().ports("80", "443", "1000-2000").exclude("10.0.0.0/8", "10.1.0.1-10.1.0.9", "fd00::/8")),
                Arguments.of("runner proxy without aproxy", TestVms.vm()
                        .proxy(new ProxyUrls("http://proxy.internal:3128", "http://proxy.internal:3129", "localhost,.internal"))),
                Arguments.of("dockerhub mirror", TestVms.vm().mirror("https://mirror.example.com:5000")),
                Arguments.of("tmate, direct", TestVms.vm().tmate(TestVms.TMATE)),
                Arguments.of("tmate, through the proxy", TestVms.vm().proxy("http://proxy.internal:3128").tmate(TestVms.TMATE)
                        .tmateThroughProxy()),
                Arguments.of("otel collector", TestVms.vm().otel("otel.example.com:4317")),
                Arguments.of("custom pre-job script", TestVms.vm().preJobScript(HOSTILE_SCRIPT)),
                Arguments.of("contributor check", TestVms.vm().contributorCheck()),
                Arguments.of("everything, aproxy", TestVms.vm().proxy("http://proxy.internal:3128").aproxy()
                        .exclude("10.0.0.0/8", "fd00::/8").mirror("https://mirror.example.com").tmate(TestVms.TMATE)
                        .tmateThroughProxy().otel("[fd00::1]:4317").preJobScript(HOSTILE_SCRIPT).contributorCheck()),
                Arguments.of("everything, no aproxy", TestVms.vm().proxy("https://user:secret@proxy.internal")
                        .mirror("https://mirror.example.com").tmate(TestVms.TMATE).otel("10.0.0.5:4317")
                        .preJobScript("#!/bin/sh\nexit 0\n").contributorCheck()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void renderedScriptsPassShellcheck(String name, TestVms.Builder settings) throws Exception {
        VmOptions vm = settings.build();
        UserDataRenderer.Scripts scripts = new UserDataRenderer(Templates.bundled()).renderScripts(vm, TestVms.bootstrap());

        assertTrue(scripts.userData().startsWith("#!/bin/sh\n"));
        assertTrue(scripts.preJob().startsWith("#!/usr/bin/env bash\n"));
        SystemTools.shellcheck(scripts.userData(), "sh", "the user data (" + name + ")");
        SystemTools.shellcheck(scripts.preJob(), "bash", "the pre-job script (" + name + ")");
    }
}
