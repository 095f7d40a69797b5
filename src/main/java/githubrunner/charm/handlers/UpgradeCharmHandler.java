package githubrunner.charm.handlers;

import githubrunner.Version;
import githubrunner.charm.CharmContext;
import githubrunner.charm.ClassDataArchive;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;

/** upgrade-charm: the jar changed, so the old archive is useless; redo host setup, reconfigure. */
public final class UpgradeCharmHandler implements Handler {
    private final Handler configure;

    public UpgradeCharmHandler(Handler configure) {
        this.configure = configure;
    }

    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        HostSetup.prepare(context);
        new ClassDataArchive(context.charmDir(), context.commands()).create();
        context.juju().applicationVersionSet(Version.current());
        configure.handle(event, context);
    }
}
