package githubrunner.charm.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import githubrunner.cloudinit.RunnerBootstrap;
import githubrunner.cloudinit.Templates;
import githubrunner.cloudinit.ProxyUrls;
import githubrunner.cloudinit.UserDataRenderer;
import githubrunner.cloudinit.VmOptions;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;



import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The charm limits pre-job-script to MAX_PRE_JOB_SCRIPT_BYTES because it travels in the user
 * data: a script the charm accepts must fit Nova's limit with every other option on, the longest
 * runner name and a generous JIT config (GitHub's is base64 of JSON holding base64 runner
 * settings and RSA key parameters, about 5 KB).
 */
class PreJobScriptLimitTest {
    @Test
    void theLargestAcceptedScriptFitsTheUserDataWithEverythingOn() throws Exception {
        String line = "echo 'preparing the runner for the job, step by step'\n";
        StringBuilder script = new StringBuilder("#!/bin/bash\n");
        while (script.length() + line.length() <= VmSettings.MAX_PRE_JOB_SCRIPT_BYTES) {
            script.append(line);
        }
        script.append("#".repeat(VmSettings.MAX_PRE_JOB_SCRIPT_BYTES - script.length()));
        VmOptions vm = new VmOptions(new ProxyUrls("http://proxy.internal:3128", "http://proxy.internal:3128", "localhost"), true,
                List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"), List.of("80", "443"), "https://mirror.example.com:5000",
                script.toString(), false, List.of(new githubrunner.cloudinit.TmateServer("tmate.example.com", 22, "SHA256:" + "a".repeat(43),
                        "SHA256:" + "b".repeat(43))), true, "otel.example.com:4317");
        String prefix = "a".repeat(37) + "-application-0";
        RunnerBootstrap runner = new RunnerBootstrap(InstanceName.parse(prefix + "-0123456789ab", prefix).orElseThrow(),
                Secret.of("A".repeat(6 * 1024)), List.of("self-hosted", "linux", "x64", "large", "jammy"));

        String userData = new UserDataRenderer(Templates.bundled()).render(vm, runner);

        int size = UserDataRenderer.base64Size(userData);
        assertTrue(size <= UserDataRenderer.NOVA_USER_DATA_LIMIT, size + " bytes");
    }
}
