package githubrunner.cloud.openstack;

import githubrunner.common.InstanceName;
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
     * Creates the VM's keypair and stores the private key. Sent once: a name is used for one
     * create only, so a request that lands late can never meet a second keypair of that name.
     * After an ambiguous failure the name is looked up and a keypair made without us getting its
     * private key is deleted; then the error is thrown and the caller tries again with a new name.
     */
    void create(InstanceName name) throws CloudException {
        String operation = "create keypair " + name;
        try {
            Wire.Keypair keypair = cx.calls().once("keypairs.create", operation,
                    a -> cx.nova().createKeypair(name.value(), operation));
            if (keypair.privateKey() == null || keypair.privateKey().isEmpty()) {
                throw new InvalidResponseException(operation, 200, "no private key in the answer", null);
            }
            cx.keys().write(name, keypair.privateKey(), cx.options().clock().instant(), operation);
        } catch (KeyStorageException e) {
            remove(name, e);
            throw e;
        } catch (CloudException e) {
            if (e.kind().isAmbiguous()) {
                removeUnusable(name, e);
            }
            throw e;
        }
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

    /** After an ambiguous keypair create: delete the keypair if it was made (we hold no key for it). */
    private void removeUnusable(InstanceName name, CloudException failure) {
        try {
            boolean exists = get(name) != null;
            if (exists) {
                delete(name);
            }
            LOG.warn("{}; {}", failure.getMessage(), exists ? "deleted the keypair made without its key reaching us"
                    : "no keypair was made");
        } catch (CloudException e) {
            failure.addSuppressed(e);
            LOG.warn("{}; could not check for a keypair left behind, the orphan cleanup will: {}", failure.getMessage(),
                    e.getMessage());
        }
    }
}
