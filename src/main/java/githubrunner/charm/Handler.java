package githubrunner.charm;

/** Reacts to one Juju event. Throwing means a real fault: the hook fails and Juju retries it. */
@FunctionalInterface
public interface Handler {
    void handle(Event event, CharmContext context) throws Exception;
}
