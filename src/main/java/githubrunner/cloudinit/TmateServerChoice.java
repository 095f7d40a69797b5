package githubrunner.cloudinit;

import githubrunner.common.InstanceName;

import java.util.List;
import java.util.Optional;

/**
 * The tmate SSH debug server of one VM. With several servers from the debug-ssh integration,
 * each VM takes one by its name: runners spread over the servers as with the Python charm's
 * random pick, and the same name always renders the same script.
 */
record TmateServerChoice(String host, int port, String rsaFingerprint, String ed25519Fingerprint) {

    static Optional<TmateServerChoice> of(List<TmateServer> servers, InstanceName runnerName) throws UserDataException {
        if (servers == null || servers.isEmpty()) {
            return Optional.empty();
        }
        TmateServer server = servers.get(Math.floorMod(runnerName.value().hashCode(), servers.size()));
        return Optional.of(new TmateServerChoice(
                Checks.host("tmate server host", server.host()),
                Checks.port("tmate server port", server.port()),
                Checks.fingerprint("tmate server RSA fingerprint", server.rsaFingerprint()),
                Checks.fingerprint("tmate server ED25519 fingerprint", server.ed25519Fingerprint())));
    }
}
