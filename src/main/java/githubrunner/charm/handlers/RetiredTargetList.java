package githubrunner.charm.handlers;

import githubrunner.contract.ManagerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The clouds and GitHub targets a unit used before, which its manager must keep cleaning: when the
 * settings move the runners elsewhere, the old place joins the list; a place the manager reported
 * empty ({@link ManagerConfig#RETIRED_DONE_FILE}) or that becomes current again leaves it.
 */
final class RetiredTargetList {
    private RetiredTargetList() {}

    static List<ManagerConfig.Target> carry(ManagerConfig previous, ManagerConfig next, Path stateDirectory)
            throws IOException {
        if (previous == null) {
            return List.of();
        }
        List<ManagerConfig.Target> candidates = new ArrayList<>(previous.retired());
        candidates.add(previous.target());
        Set<String> drop = new HashSet<>(done(stateDirectory));
        drop.add(next.target().id());
        List<ManagerConfig.Target> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ManagerConfig.Target target : candidates) {
            String id = target.id();
            if (!drop.contains(id) && seen.add(id)) {
                kept.add(target);
            }
        }
        return kept;
    }

    /**
     * Reads the ids the manager found empty and removes the file: once dropped from the list they
     * mean nothing, and a stale id must not drop the same place should the unit move there and away
     * again.
     */
    private static List<String> done(Path stateDirectory) throws IOException {
        Path file = stateDirectory.resolve(ManagerConfig.RETIRED_DONE_FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> ids = Files.readAllLines(file).stream().map(String::strip).toList();
        Files.delete(file);
        return ids;
    }
}
