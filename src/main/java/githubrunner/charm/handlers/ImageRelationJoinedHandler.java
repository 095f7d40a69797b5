package githubrunner.charm.handlers;

import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.config.CharmConfig;
import githubrunner.charm.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * image-relation-joined: give the image builder the OpenStack credentials of the first cloud,
 * in this unit's databag, so it can upload images to our project (reference/juju.md §4c).
 */
public final class ImageRelationJoinedHandler implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(ImageRelationJoinedHandler.class);

    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        try {
            var auth = new CharmConfig(context.juju(), context.environment(), context.unit()).cloudAuth();
            context.juju().relationSet(event.relationId(), auth.relationData(), false);
            LOG.info("shared OpenStack credentials with the image builder on {}", event.relationId());
        } catch (ConfigException e) {
            LOG.warn("cannot share OpenStack credentials with the image builder yet: {}", e.getMessage());
        }
    }
}
