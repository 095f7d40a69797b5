package githubrunner.charm.handlers;

import githubrunner.charm.CharmContext;
import githubrunner.charm.Event;
import githubrunner.charm.Handler;
import githubrunner.charm.ManagerClient;
import githubrunner.charm.service.ManagerService;
import githubrunner.charm.service.RouterService;
import githubrunner.contract.ManagerConfig;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stop: the unit is going away. Its manager stops creating runners and removes them all, busy
 * ones included (nothing would ever clean them up otherwise); then the service and the unit's
 * files, credentials included, go.
 */
public final class StopHandler implements Handler {
    /** Long enough for the stop; the service is stopped right after. */
    private static final Duration DRAIN_FOR = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(StopHandler.class);

    @Override
    public void handle(Event event, CharmContext context) throws Exception {
        try {
            var flushed = ManagerClient.forUnit(context.files()).drain(true, "unit stopping", DRAIN_FOR);
            LOG.info("removed all {} runners of the unit", flushed.flushed());
        } catch (ManagerClient.Unavailable e) {
            LOG.warn("runners not removed, the runner manager is unavailable: {}", e.getMessage());
        }
        new RouterService(context).remove();
        new ManagerService(context).remove();
        Path state = context.files().stateDirectory();
        deleteTree(state);
        Files.deleteIfExists(context.files().managerLog());
        deleteWithRotations(context.host().resolve(ManagerConfig.consumerLogPath(context.unit().prefix())));
        LOG.info("removed the runner manager and {}", state);
    }

    /** A size-rotated log and its numbered old files ({@code log.1}, {@code log.2}, ...). */
    static void deleteWithRotations(Path log) throws IOException {
        Files.deleteIfExists(log);
        for (int n = 1; Files.deleteIfExists(log.resolveSibling(log.getFileName() + "." + n)); n++) {
            // the next older one
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
