package githubrunner.sim.openstack;

import java.time.Instant;

/** A Nova keypair. Like Nova, the emulator keeps only the public half. */
public record SimKeypair(int id, String name, String publicKey, String fingerprint, String userId, Instant createdAt) {}
