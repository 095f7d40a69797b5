package githubrunner.cloudinit;

/** A tmate SSH debug server the runners may use. */
public record TmateServer(String host, int port, String rsaFingerprint, String ed25519Fingerprint) {}
