package githubrunner.charm;

/** Reacts to one Juju event. Throwing means a real fault: the hook fails and Juju retries it. */
@FunctionalInterface
public interface Handler {
    void handle(Event event, CharmContext context) throws Exception;

    /** This handler, then {@code next} (if this one did not throw). */
    default Handler andThen(Handler next) {
        return (event, context) -> {
            handle(event, context);
            next.handle(event, context);
        };
    }
}
