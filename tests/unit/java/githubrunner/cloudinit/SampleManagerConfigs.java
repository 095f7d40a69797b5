package githubrunner.cloudinit;

import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import java.util.List;

/** Whole manager configs, with distinctive credentials that must never reach a VM. */
public final class SampleManagerConfigs {
    public static final String PAT = "ghp_TestPersonalAccessToken0123456789abcdef";
    public static final String APP_KEY = "-----BEGIN RSA PRIVATE KEY-----\nTestAppKeyMaterial\n-----END RSA PRIVATE KEY-----\n";
    public static final String OPENSTACK_PASSWORD = "OpenStackPassw0rdForTests";

    private SampleManagerConfigs() {}

    public static ManagerConfig withToken(ManagerConfig.Vm vm) {
        return config(ManagerConfig.GitHubAuth.token(Secret.of(PAT)), vm);
    }

    public static ManagerConfig withApp(ManagerConfig.Vm vm) {
        return config(ManagerConfig.GitHubAuth.app("Iv1.0123456789abcdef", 42L, Secret.of(APP_KEY)), vm);
    }

    private static ManagerConfig config(ManagerConfig.GitHubAuth auth, ManagerConfig.Vm vm) {
        return new ManagerConfig(ManagerConfig.VERSION, "github-runner/0", "github-runner", TestVms.PREFIX,
                new ManagerConfig.GitHub("https://api.github.com", ManagerConfig.GitHubPath.organisation("canonical", "default"), auth),
                new ManagerConfig.OpenStack("https://keystone.example.com:5000/v3", "runner", Secret.of(OPENSTACK_PASSWORD),
                        "runners", "Default", "Default", "RegionOne", "runner-net", "m1.large"),
                new ManagerConfig.Runners("0f5c2a8e-image", List.of("large", "self-hosted", "x64", "jammy"), 2, 10),
                5, ManagerConfig.Proxy.NONE, vm, null, "INFO", 55555, "/var/log/github-runner-metrics.log", null, null, List.of());
    }
}
