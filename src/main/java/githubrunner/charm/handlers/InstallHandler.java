package githubrunner.charm.handlers;

import githubrunner.Version;
import githubrunner.charm.CharmContext;
import githubrunner.charm.ClassDataArchive;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.juju.UnitStatus;

/** install: prepare the host and make the class-data archive that keeps later hooks fast. */
public final class InstallHandler implements Handler {
    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        context.juju().statusSet(UnitStatus.maintenance("Installing"));
        HostSetup.prepare(context);
        new ClassDataArchive(context.charmDir(), context.commands()).create();
        context.juju().applicationVersionSet(Version.current());
    }
}
