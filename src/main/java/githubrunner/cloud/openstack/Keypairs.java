package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
import githubrunner.common.RetryBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Each VM's Nova keypair and the private key file kept for it. */
final class Keypairs {
    private static final Logger LOG = LoggerFactory.getLogger(Keypairs.class);

    private final CloudContext cx;

    Keypairs(CloudContext cx) {
        this.cx = cx;
    }

    /**
     * Makes a key here and imports its public half as the keypair {@code name}, then stores the
     * private key. A keypair create whose answer is lost or fails with a 5xx is looked up: a keypair
     * of that name with our public key is ours (the create took effect); none at all means nothing
     * was made, and the create is sent once more within the retry budget. Nova refuses a second
     * keypair of a name (409), so however the two sends land there is one keypair, and it holds our
     * key; a 409 is looked up the same way.
     */
    void create(InstanceName name) throws CloudException {
        String operation = "create keypair " + name;
        SshKeyPair key = SshKeyPair.generate();
        RetryBudget.Attempts sends = cx.calls().createSends();
        while (true) {
            CloudException failure;
            try {
                Wire.Keypair made = cx.calls().once("keypairs.create", operation,
                        a -> cx.nova().importKeypair(name.value(), key.publicKey(), operation));
                if (made.publicKey() != null && !key.matches(made.publicKey())) {
                    throw new InvalidResponseException(operation, 200, "the keypair made holds another public key", null);
                }
                break;
            } catch (CloudException e) {
                failure = e;
            }
            boolean mayExist = failure.kind().isAmbiguous() || failure.httpStatus() == 409;
            if (mayExist && madeAfterAll(name, key, operation, failure)) {
                break;
            }
            // Nothing was made: a 429 or a transient failure may be sent again, nothing else.
            if (!cx.calls().resend("keypairs.create", operation, failure, sends)) {
                throw failure;
            }
        }
        try {
            cx.keys().write(name, key.privateKeyPem(), cx.options().clock().instant(), operation);
        } catch (KeyStorageException e) {
            remove(name, e);
            throw e;
        }
    }

    /**
     * After a keypair create failed without a usable answer: true if Nova holds the keypair with our
     * key; false if it has none of that name; throws {@code failure} if that cannot be told, or if
     * the name holds another key (never ours to delete).
     */
    private boolean madeAfterAll(InstanceName name, SshKeyPair key, String operation, CloudException failure)
            throws CloudException {
        Wire.Keypair found;
        try {
            found = get(name);
        } catch (CloudException lookup) {
            failure.addSuppressed(lookup);
            LOG.warn("{} failed ({}) and could not be checked ({}); if it was made, the orphan cleanup removes it",
                    operation, failure.kind().label(), lookup.kind().label());
            throw failure;
        }
        if (found == null) {
            return false;
        }
        if (key.matches(found.publicKey())) {
            LOG.info("{}: no usable answer ({}) but the keypair was made with our key; using it", operation,
                    failure.kind().label());
            return true;
        }
        RequestRejectedException taken = new RequestRejectedException(operation, 409,
                "a keypair of this name holds another key", failure);
        LOG.warn("{}", taken.getMessage());
        throw taken;
    }

    /** The keypair, or null when Nova has none of that name. */
    Wire.Keypair get(InstanceName name) throws CloudException {
        String lookup = "look up keypair " + name;
        return cx.calls().idempotent("keypairs.get", lookup, a -> cx.nova().getKeypair(name.value(), lookup));
    }

    Wire.KeypairList list() throws CloudException {
        Wire.KeypairList list = cx.calls().idempotent("keypairs.list", "list keypairs",
                a -> cx.nova().listKeypairs("list keypairs"));
        if (list.keypairs() == null) {
            throw new InvalidResponseException("list keypairs", 200, "no 'keypairs' list", null);
        }
        return list;
    }

    void delete(InstanceName name) throws CloudException {
        String operation = "delete keypair " + name;
        cx.calls().idempotent("keypairs.delete", operation, a -> cx.nova().deleteKeypair(name.value(), operation));
    }

    void deleteKeyFile(InstanceName name) throws KeyStorageException {
        cx.keys().delete(name, "delete key file of " + name);
    }

    /** Best effort: failures are logged (and attached to {@code cause}); the orphan cleanup retries. */
    void remove(InstanceName name, CloudException cause) {
        try {
            delete(name);
        } catch (CloudException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            LOG.warn("Could not delete keypair {}: {}", name, e.getMessage());
        }
        try {
            deleteKeyFile(name);
        } catch (KeyStorageException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            LOG.warn("Could not delete key file of {}: {}", name, e.getMessage());
        }
    }
}
