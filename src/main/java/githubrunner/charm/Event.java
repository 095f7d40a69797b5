package githubrunner.charm;

/**
 * One Juju event, as the dispatch environment describes it.
 *
 * @param kind what ran: a plain hook, a relation hook, a secret hook or an action
 * @param name hook name ({@code config-changed}, {@code image-relation-joined}) or action name
 * @param endpoint relation endpoint ({@code image}), for relation hooks
 * @param relationId relation id ({@code image:3}), for relation hooks
 * @param remoteUnit remote unit, empty in created/broken hooks
 * @param remoteApp remote application, for relation hooks
 * @param secretId secret URI, for secret hooks
 */
public record Event(Kind kind, String name, String endpoint, String relationId,
                    String remoteUnit, String remoteApp, String secretId) {
    public enum Kind { HOOK, RELATION, SECRET, ACTION }

    public static Event hook(String name) {
        return new Event(Kind.HOOK, name, "", "", "", "", "");
    }

    public static Event action(String name) {
        return new Event(Kind.ACTION, name, "", "", "", "", "");
    }

    /** For relation hooks: {@code joined}, {@code changed}, ...; empty otherwise. */
    public String relationPhase() {
        return kind == Kind.RELATION ? name.substring(name.lastIndexOf('-') + 1) : "";
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ACTION -> "action " + name;
            case RELATION -> name + " (" + relationId + (remoteUnit.isEmpty() ? "" : ", " + remoteUnit) + ")";
            default -> name;
        };
    }
}
