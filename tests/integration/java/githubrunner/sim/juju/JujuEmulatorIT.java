package githubrunner.sim.juju;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's hook tools as real processes, checked against Juju's documented behaviour with
 * a throw-away charm whose dispatch is a shell script written by each test.
 */
class JujuEmulatorIT {
    @TempDir Path work;
    JujuLocal juju;

    @BeforeEach
    void shellCharm() throws IOException {
        Path charm = work.resolve("src");
        Files.createDirectories(charm.resolve("lib"));
        Files.copy(Path.of(System.getProperty("charm.jar", "target/github-runner.jar")), charm.resolve("lib/github-runner.jar"));
        Files.writeString(charm.resolve("metadata.yaml"), "name: shell-charm\n");
        Files.writeString(charm.resolve("config.yaml"), """
                options:
                  name: {type: string, default: "x"}
                  count: {type: int, default: 3}
                  flag: {type: boolean, default: false}
                  unset: {type: string}
                """);
        Files.writeString(charm.resolve("actions.yaml"), """
                go:
                  params:
                    fast: {type: boolean, default: false}
                  additionalProperties: false
                """);
        dispatch(charm, "exit 0");
        juju = JujuLocal.create(work.resolve("unit"), charm, "shell-charm/0", false);
    }

    private void dispatch(String script) throws IOException {
        dispatch(juju.charmDir(), script);
    }

    private static void dispatch(Path charmDir, String script) throws IOException {
        Path file = charmDir.resolve("dispatch");
        Files.writeString(file, "#!/bin/sh\nexec 2>&1\n" + script + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void configGetAppliesDefaultsAndTypes() throws IOException {
        juju.setConfig(Map.of("count", "7"));
        dispatch("config-get --format=json; config-get count --format=json; config-get unset --format=json;"
                + " config-get --all --format=json");
        String out = juju.runHook("config-changed").stdout();
        assertEquals("""
                {"name":"x","count":7,"flag":false}
                7
                null
                {"name":"x","count":7,"flag":false,"unset":null}
                """, out);
    }

    @Test
    void unknownFlagExitsTwoAndRuntimeErrorsExitOne() throws IOException {
        dispatch("config-get --bogus; echo \"rc=$?\"; status-set active a b; echo \"rc=$?\"; status-set bogus; echo \"rc=$?\";"
                + " relation-get; echo \"rc=$?\"");
        String out = juju.runHook("update-status").stdout();
        assertEquals("""
                ERROR option provided but not defined: --bogus
                rc=2
                ERROR unrecognized args: ["b"]
                rc=2
                ERROR invalid status "bogus", expected one of [maintenance blocked waiting active]
                rc=2
                ERROR no relation id specified
                rc=2
                """, out);
    }

    @Test
    void actionToolsOnlyWorkInActions() throws IOException {
        dispatch("action-get --format=json; echo \"rc=$?\"");
        assertEquals("ERROR not running an action\nrc=1\n", juju.runHook("update-status").stdout());

        dispatch("action-get --format=json; action-set count=2 nested.key=v; action-log working;"
                + " action-set stdout=x; echo \"rc=$?\"; action-set Bad=1; echo \"rc=$?\"");
        JujuLocal.ActionRun run = juju.runAction("go", Map.of("fast", "true"));
        assertEquals("completed", run.status());
        assertEquals(Map.of("count", "2", "nested", Map.of("key", "v")), run.results());
        assertEquals(java.util.List.of("working"), run.logs());
        assertTrue(run.process().stdout().startsWith("{\"fast\":true}\n"));
        assertTrue(run.process().stdout().contains("cannot set reserved action key \"stdout\"\nrc=2"));
        assertTrue(run.process().stdout().contains("key \"Bad\" must start and end with lowercase alphanumeric"));
    }

    @Test
    void actionFailAndNonZeroExit() throws IOException {
        dispatch("action-fail \"no manager\"");
        JujuLocal.ActionRun failed = juju.runAction("go", Map.of());
        assertEquals("failed", failed.status());
        assertEquals("no manager", failed.message());
        assertEquals(0, failed.process().exitCode());

        dispatch("exit 3");
        JujuLocal.ActionRun crashed = juju.runAction("go", Map.of());
        assertEquals("failed", crashed.status());
        assertEquals("exit status 3", crashed.message());
    }

    @Test
    void actionParametersAreCheckedAgainstTheSchema() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> juju.runAction("go", Map.of("slow", "true")));
        assertEquals("additional property \"slow\" is not allowed", e.getMessage());
    }

    @Test
    void transactionalChangesCommitOnlyOnSuccess() throws IOException {
        int relation = juju.addRelation("db", "mongodb");
        juju.setRemoteUnitData(relation, "mongodb/0", Map.of("uris", "mongodb://x"));
        dispatch("echo '{\"a\": \"1\"}' | relation-set -r " + relation + " --file -; state-set k=v;"
                + " relation-get -r db:" + relation + " --format=json - shell-charm/0; state-get k --format=json; exit 1");
        JujuLocal.HookRun failed = juju.runHook("config-changed");
        assertEquals(1, failed.exitCode());
        assertEquals("{\"a\":\"1\"}\n\"v\"\n", failed.stdout(), "a hook sees its own uncommitted writes");
        assertTrue(juju.state().relation(relation).localUnitData.isEmpty(), "discarded: the hook failed");
        assertTrue(juju.state().state.isEmpty());

        dispatch("relation-set -r " + relation + " a=1 b=2; state-set k=v");
        assertEquals(0, juju.runHook("config-changed").exitCode());
        assertEquals(Map.of("a", "1", "b", "2"), juju.state().relation(relation).localUnitData);
        assertEquals(Map.of("k", "v"), juju.state().state);

        dispatch("relation-set -r " + relation + " a=");
        juju.runHook("config-changed");
        assertEquals(Map.of("b", "2"), juju.state().relation(relation).localUnitData, "an empty value deletes");
    }

    @Test
    void relationHookEnvironmentAndRemoteData() throws IOException {
        dispatch("echo \"$JUJU_RELATION $JUJU_RELATION_ID $JUJU_REMOTE_UNIT $JUJU_REMOTE_APP\";"
                + " relation-ids db --format=json; relation-list --format=json; relation-get --format=json;"
                + " relation-get --format=json - mongodb; echo \"rc=$?\"");
        var runs = juju.integrate("db", "mongodb", Map.of("mongodb/0", Map.of("uris", "mongodb://h/db")));
        assertEquals(3, runs.size());
        String changed = runs.get(2).stdout();
        assertTrue(changed.startsWith("db db:1 mongodb/0 mongodb\n[\"db:1\"]\n[\"mongodb/0\"]\n"), changed);
        assertTrue(changed.contains("\"uris\":\"mongodb://h/db\""), changed);
        assertTrue(changed.contains("\"private-address\":"), "Juju adds addresses to unit databags");
        assertTrue(changed.contains("expected unit name, got application name \"mongodb\"\nrc=1"), changed);

        dispatch("relation-ids db --format=json; relation-list --format=json");
        var removal = juju.removeRelation(1);
        assertEquals("[]\n[]\n", removal.get(removal.size() - 1).stdout(), "broken: gone from relation-ids, no units");
        assertTrue(juju.state().relations.isEmpty());
    }

    @Test
    void leadershipGuardsApplicationData() throws IOException {
        int relation = juju.addRelation("db", "mongodb");
        juju.setLeader(false);
        dispatch("is-leader --format=json; relation-set -r " + relation + " --app k=v; echo \"rc=$?\";"
                + " status-set --application active; echo \"rc=$?\"");
        assertEquals("false\nERROR cannot write relation settings\nrc=1\nERROR this unit is not the leader\nrc=1\n",
                juju.runHook("update-status").stdout());
    }

    @Test
    void secretsByIdLabelAndGrant() throws IOException {
        String id = juju.addSecret(Map.of("github-token", "t0k"));
        dispatch("secret-get " + id + " --label mine --format=json; secret-get --label mine --format=json; secret-get " + id + " github-token --format=json;"
                + " secret-get secret:doesnotexist00000000 --format=json; echo \"rc=$?\"; secret-get; echo \"rc=$?\"");
        assertEquals("{\"github-token\":\"t0k\"}\n{\"github-token\":\"t0k\"}\n\"t0k\"\nERROR secret \"secret:doesnotexist00000000\" not found\nrc=1\n"
                + "ERROR require either a secret URI or label\nrc=2\n", juju.runHook("config-changed").stdout());
        juju.setSecretGranted(id, false);
        dispatch("secret-get " + id + " --format=json");
        assertEquals("ERROR permission denied\n", juju.runHook("config-changed").stdout());
    }

    @Test
    void aProviderPublishesAppDataAndASecretGrantedToTheRelation() throws IOException {
        dispatch("relation-get --app --format=json - mongodb; uri=$(relation-get --app --format=json secret-user mongodb"
                + " | tr -d '\"'); secret-get \"$uri\" --label mongodb.1.user.secret --format=json; echo \"rc=$?\"");
        RemoteApp mongodb = RemoteApp.named("mongodb").withUnit("mongodb/0", Map.of())
                .withAppData(Map.of("database", "github-runner-webhook-router", "endpoints", "10.1.2.3:27017"))
                .withSecret("secret-user", Map.of("username", "relation-1", "password", "pw-1",
                        "uris", "mongodb://relation-1:pw-1@10.1.2.3:27017/github-runner-webhook-router"));
        JujuLocal.Integration integration = juju.integrate("mongodb", mongodb);
        assertTrue(integration.succeeded());
        assertEquals(List.of("mongodb-relation-created", "mongodb-relation-joined", "mongodb-relation-changed"),
                integration.runs().stream().map(JujuLocal.HookRun::event).toList());
        String secret = integration.secretIds().get("secret-user");
        String changed = integration.runs().get(2).stdout();
        List<String> lines = changed.lines().toList();
        ObjectMapper json = new ObjectMapper();
        assertEquals(Map.of("database", "github-runner-webhook-router", "endpoints", "10.1.2.3:27017", "secret-user", secret),
                json.readValue(lines.get(0), Map.class), changed);
        assertEquals("pw-1", json.readTree(lines.get(1)).path("password").asText(), changed);
        assertEquals("rc=0", lines.get(2), changed);
        assertEquals("mongodb.1.user.secret", juju.state().secrets.get(secret).label, "the label the charm gave it");

        @SuppressWarnings("unchecked")
        Map<String, Object> remote = (Map<String, Object>) juju.relationView("mongodb").get("remote");
        assertEquals(secret, ((Map<?, ?>) remote.get("application")).get("secret-user"));
        Map<?, ?> secrets = (Map<?, ?>) juju.relationView("mongodb:1").get("secrets");
        assertEquals(List.of("password", "uris", "username"), ((Map<?, ?>) secrets.get(secret)).get("keys"),
                "the view names the keys, never the content");
        assertFalse(juju.relationView("mongodb").toString().contains("pw-1"));

        dispatch("echo \"$JUJU_SECRET_ID $JUJU_SECRET_LABEL\"; secret-get " + secret + " password --format=json");
        assertEquals(secret + " mongodb.1.user.secret\n\"pw-2\"\n",
                juju.rotateSecret(secret, Map.of("username", "relation-1", "password", "pw-2", "uris", "mongodb://x")).stdout());

        dispatch("echo \"remote unit '$JUJU_REMOTE_UNIT'\"; relation-get --app --format=json tls mongodb");
        assertEquals("remote unit ''\n\"true\"\n", juju.changeRemoteApp(integration.relationId(), Map.of("tls", "true")).stdout(),
                "a change of the application databag names no unit");

        dispatch("secret-get " + secret + " --format=json; echo \"rc=$?\"");
        List<JujuLocal.HookRun> removal = juju.removeRelation(integration.relationId());
        assertEquals("ERROR permission denied\nrc=1\n", removal.get(removal.size() - 1).stdout(),
                "a secret granted to a relation is not readable once it is broken");
        assertFalse(juju.state().secrets.containsKey(secret), "and goes with the relation");
    }

    @Test
    void theWorkDirectoryAndTheStateThatHoldsEverySecretAreOwnerOnly() throws IOException {
        juju.addSecret(Map.of("github-token", "t0k"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(juju.workDir())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(juju.stateFile())));

        Files.setPosixFilePermissions(juju.stateFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(juju.workDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        JujuLocal reopened = JujuLocal.open(juju.workDir());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(reopened.workDir())),
                "a directory left open by an older version is closed when reopened");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(reopened.stateFile())));
    }

    @Test
    void statusLogsAndVersionAreRecorded() throws IOException {
        dispatch("status-set maintenance 'doing it'; juju-log --log-level WARNING -- -careful; application-version-set 1.2;"
                + " status-set -- active 'done'");
        juju.runHook("start");
        JujuState state = juju.state();
        assertEquals("active", state.status.status());
        assertEquals("done", state.status.message());
        assertEquals(2, state.statusHistory.size());
        assertEquals(new JujuState.LogLine("WARNING", "-careful", "hooks/start"), state.logs.get(0));
        assertEquals("1.2", state.applicationVersion);
        assertEquals(0, state.lastRuns.get("start").exitCode(), "juju-local status tells when each hook last ran");
    }

    @Test
    void toolsRefuseToWorkOutsideAHook() throws Exception {
        Process process = new ProcessBuilder(juju.workDir().resolve("tools/config-get").toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(1, process.waitFor());
        assertEquals("ERROR JUJU_CONTEXT_ID not set\n", out);

        ProcessBuilder stale = new ProcessBuilder(juju.workDir().resolve("tools/config-get").toString()).redirectErrorStream(true);
        stale.environment().put("JUJU_CONTEXT_ID", "an-old-hook");
        stale.environment().put(HookToolMain.STATE_FILE_VARIABLE, juju.stateFile().toString());
        Process late = stale.start();
        assertEquals("ERROR bad request: bad context: an-old-hook\n", new String(late.getInputStream().readAllBytes()));
        assertEquals(1, late.waitFor());
        assertNull(juju.state().activeContext);
        assertFalse(juju.state().pending.containsKey("an-old-hook"));
    }
}
