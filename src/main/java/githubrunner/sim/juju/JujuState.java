package githubrunner.sim.juju;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the emulated unit agent knows, kept as one JSON file that the hook tools read and
 * write and that tests assert on. Changes a hook makes through transactional tools wait in
 * {@link #pending} until the harness commits them (exit 0) or drops them, as Juju does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class JujuState {
    public String unit = "github-runner/0";
    public String model = "local";
    public String modelUuid = "00000000-0000-4000-8000-000000000000";
    public boolean leader = true;
    /** Options set by the operator; defaults come from the charm's config.yaml. */
    public Map<String, Object> config = new LinkedHashMap<>();
    public List<Relation> relations = new ArrayList<>();
    /** Keyed by secret URI ({@code secret:<xid>}). */
    public Map<String, SecretEntry> secrets = new LinkedHashMap<>();
    /** Unit state (state-get/state-set). */
    public Map<String, String> state = new LinkedHashMap<>();
    public StatusEntry status = new StatusEntry("unknown", "", 0);
    public List<StatusEntry> statusHistory = new ArrayList<>();
    /** The last run of each hook or action, by event name (update-status, config-changed, ...). */
    public Map<String, RunRecord> lastRuns = new LinkedHashMap<>();
    public String applicationVersion = "";
    public List<LogLine> logs = new ArrayList<>();
    public List<String> openedPorts = new ArrayList<>();
    /** Model settings every hook sees in its environment, e.g. JUJU_CHARM_HTTP_PROXY. */
    public Map<String, String> modelEnvironment = new LinkedHashMap<>();
    public Map<String, String> addresses = new LinkedHashMap<>(Map.of(
            "private-address", "10.0.0.10", "public-address", "10.0.0.10"));
    /** The running or last action. */
    public ActionRun action;
    public Map<String, Pending> pending = new LinkedHashMap<>();
    /** The context id of the hook or action running now; tools from any other context are refused. */
    public String activeContext;
    public int nextRelationId = 1;
    public int nextActionId = 1;

    public String application() {
        return unit.substring(0, unit.indexOf('/'));
    }

    public Relation relation(int id) {
        return relations.stream().filter(r -> r.id == id).findFirst().orElse(null);
    }

    /** A relation to one remote application. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Relation {
        public int id;
        public String endpoint;
        public String remoteApp;
        /** Remote units and their databags. */
        public Map<String, Map<String, String>> remoteUnits = new LinkedHashMap<>();
        public Map<String, String> remoteAppData = new LinkedHashMap<>();
        public Map<String, String> localUnitData = new LinkedHashMap<>();
        public Map<String, String> localAppData = new LinkedHashMap<>();
        /** Set while the relation's broken hook runs: no longer listed by relation-ids. */
        public boolean broken;

        public String key() {
            return endpoint + ":" + id;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class SecretEntry {
        public Map<String, String> content = new LinkedHashMap<>();
        /** A user secret: granted to this application (juju grant-secret) or not. */
        public boolean granted = true;
        public String label;
        public int revision = 1;
        /** The remote application that owns it; null for a user secret (juju add-secret). */
        public String owner;
        /** A remote charm's secret granted to this relation (secret-grant --relation): readable while it lasts. */
        public Integer grantedRelation;

        /** Whether this unit may read it now. */
        public boolean readableIn(JujuState state) {
            if (grantedRelation == null) {
                return granted;
            }
            Relation relation = state.relation(grantedRelation);
            return relation != null && !relation.broken;
        }
    }

    public record StatusEntry(String status, String message, long timeMillis) {}

    /** When a hook or action last ran, and how it ended. */
    public record RunRecord(long timeMillis, int exitCode) {}

    public record LogLine(String level, String message, String context) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class ActionRun {
        public String id;
        public String name;
        public Map<String, Object> params = new LinkedHashMap<>();
        public Map<String, Object> results = new LinkedHashMap<>();
        /** running, completed or failed. */
        public String status = "running";
        public String message;
        public List<String> logs = new ArrayList<>();
    }

    /** Transactional changes of one hook context. */
    public static final class Pending {
        public List<RelationWrite> relationWrites = new ArrayList<>();
        public Map<String, String> stateSets = new LinkedHashMap<>();
        public List<String> stateDeletes = new ArrayList<>();
        public List<String> openPorts = new ArrayList<>();
        public List<String> closePorts = new ArrayList<>();
    }

    public record RelationWrite(int relationId, boolean app, Map<String, String> data) {}
}
