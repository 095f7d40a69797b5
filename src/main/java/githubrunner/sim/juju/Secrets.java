package githubrunner.sim.juju;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The secrets this unit can see: user secrets ({@code juju add-secret}, {@code grant-secret}) and
 * secrets a remote charm owns and grants to a relation (as MongoDB does with {@code secret-user}).
 */
final class Secrets {
    private static final String XID_ALPHABET = "0123456789abcdefghijklmnopqrstuv";
    private static final Random RANDOM = new SecureRandom();
    /** Juju's rule for content keys (reference/juju.md §2.10). */
    private static final Pattern KEY = Pattern.compile("[a-z](?:-?[a-z0-9]){2,}");

    private final StateStore store;

    Secrets(StateStore store) {
        this.store = store;
    }

    /** Like {@code juju add-secret} + {@code juju grant-secret}: returns the secret URI. */
    String add(Map<String, String> content) {
        return store.update(state -> put(state, new JujuState.SecretEntry(), content));
    }

    /**
     * A secret owned by {@code owner} and granted to the relation ({@code secret-grant --relation}):
     * readable while the relation lasts. Returns its URI, which the owner publishes in its databag.
     */
    String grantToRelation(String owner, int relationId, Map<String, String> content) {
        return store.update(state -> {
            JujuState.SecretEntry entry = new JujuState.SecretEntry();
            entry.owner = owner;
            entry.grantedRelation = relationId;
            return put(state, entry, content);
        });
    }

    /** Like {@code juju update-secret} or the owner's {@code secret-set}: a new revision. */
    void update(String id, Map<String, String> content) {
        checkKeys(content);
        store.update(state -> {
            JujuState.SecretEntry entry = existing(state, id);
            entry.content.clear();
            entry.content.putAll(content);
            entry.revision++;
            return null;
        });
    }

    /** {@code juju grant-secret} (true) or {@code juju revoke-secret} (false) of a user secret. */
    void setGranted(String id, boolean granted) {
        store.update(state -> {
            existing(state, id).granted = granted;
            return null;
        });
    }

    /** The label this unit gave the secret with {@code secret-get --label}, or null. */
    String label(String id) {
        return existing(store.read(), id).label;
    }

    private static String put(JujuState state, JujuState.SecretEntry entry, Map<String, String> content) {
        checkKeys(content);
        String id = "secret:" + xid();
        entry.content.putAll(content);
        state.secrets.put(id, entry);
        return id;
    }

    private static void checkKeys(Map<String, String> content) {
        if (content.isEmpty()) {
            throw new IllegalArgumentException("a secret needs at least one KEY=VALUE");
        }
        for (String key : content.keySet()) {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("invalid secret key \"" + key + "\": lower-case letters, digits and"
                        + " single dashes, at least 3 characters, starting with a letter");
            }
        }
    }

    private static JujuState.SecretEntry existing(JujuState state, String id) {
        JujuState.SecretEntry entry = state.secrets.get(id);
        if (entry == null) {
            throw new IllegalArgumentException("no secret " + id);
        }
        return entry;
    }

    /** Juju's secret ids are 20-character xids. */
    private static String xid() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            id.append(XID_ALPHABET.charAt(RANDOM.nextInt(XID_ALPHABET.length())));
        }
        return id.toString();
    }
}
