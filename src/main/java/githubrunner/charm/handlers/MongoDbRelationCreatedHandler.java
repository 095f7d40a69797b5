package githubrunner.charm.handlers;

import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.config.MongoDbRelation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongodb-relation-created and -joined: the leader asks the provider for the webhook router's
 * database and for the credentials as secrets (the provider does nothing until it has); then the
 * unit reconfigures, which shows Waiting until the credentials arrive.
 */
public final class MongoDbRelationCreatedHandler implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(MongoDbRelationCreatedHandler.class);
    private final Handler configure;

    public MongoDbRelationCreatedHandler(Handler configure) {
        this.configure = configure;
    }

    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        if (context.juju().isLeader()) {
            MongoDbRelation.request(context.juju(), event.relationId());
            LOG.info("asked {} for database {}", event.relationId(), MongoDbRelation.DATABASE);
        }
        configure.handle(event, context);
    }
}
