package githubrunner.manager;

import githubrunner.cloud.openstack.KeystoneCredentials;
import githubrunner.cloud.openstack.OpenStackTarget;
import githubrunner.cloudinit.ProxyUrls;
import githubrunner.cloudinit.TmateServer;
import githubrunner.cloudinit.VmOptions;
import githubrunner.contract.ManagerConfig;
import githubrunner.github.GitHubAuth;
import githubrunner.github.GitHubPath;
import githubrunner.github.GitHubTarget;
import java.util.List;

/**
 * Builds each client's own settings from the charm's contract, so that the clients (GitHub,
 * OpenStack, cloud-init) never depend on the contract and a change to one side is made here.
 */
public final class ClientSettings {
    private ClientSettings() {}

    public static GitHubTarget github(ManagerConfig.GitHub github) {
        ManagerConfig.GitHubPath path = github.path();
        ManagerConfig.GitHubAuth auth = github.auth();
        return new GitHubTarget(github.apiUrl(),
                path == null ? null : new GitHubPath(path.org(), path.group(), path.owner(), path.repo()),
                auth == null ? null : new GitHubAuth(auth.token(), auth.appClientId(), auth.appInstallationId(),
                        auth.appPrivateKey()));
    }

    public static OpenStackTarget openstack(ManagerConfig.OpenStack cloud) {
        KeystoneCredentials credentials = cloud.isApplicationCredential()
                ? new KeystoneCredentials.ApplicationCredential(cloud.applicationCredentialId(),
                        cloud.applicationCredentialName(), cloud.username(), cloud.userDomainName(),
                        cloud.applicationCredentialSecret())
                : new KeystoneCredentials.Password(cloud.username(), cloud.password(), cloud.projectName(),
                        cloud.userDomainName(), cloud.projectDomainName());
        return new OpenStackTarget(cloud.authUrl(), credentials, cloud.regionName(), cloud.network(), cloud.flavor());
    }

    public static VmOptions vm(ManagerConfig.Vm vm) {
        List<TmateServer> tmate = vm.tmateServers() == null ? List.of() : vm.tmateServers().stream()
                .map(t -> new TmateServer(t.host(), t.port(), t.rsaFingerprint(), t.ed25519Fingerprint()))
                .toList();
        return new VmOptions(proxy(vm.runnerProxy()), vm.useAproxy(), vm.aproxyExcludeAddresses(),
                vm.aproxyRedirectPorts(), vm.dockerhubMirror(), vm.preJobScript(), vm.allowExternalContributor(),
                tmate, vm.useRunnerProxyForTmate(), vm.otelCollectorEndpoint());
    }

    private static ProxyUrls proxy(ManagerConfig.Proxy proxy) {
        return proxy == null ? null : new ProxyUrls(proxy.http(), proxy.https(), proxy.noProxy());
    }
}
