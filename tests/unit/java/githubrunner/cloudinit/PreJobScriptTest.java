package githubrunner.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pre-job hook run by a real bash with jq, against GitHub's own webhook payloads
 * (tests/fixtures) varied in author association, repository visibility, fork or not, and
 * missing fields. The allow/deny rules (upstream-charm.md §7.3) are also stated in Java below,
 * independently of the script, and every case is checked against both.
 */
class PreJobScriptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METRICS = "/home/ubuntu/metrics-exchange";
    private static final Set<String> PULL_REQUEST_EVENTS = Set.of("pull_request", "pull_request_target",
            "pull_request_review", "pull_request_review_comment");
    private static final List<String> ALL_ASSOCIATIONS = List.of("OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR",
            "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN", "NONE");

    @TempDir
    static Path temp;

    private static VmSandbox sandbox;
    private static Path checkingScript;

    @BeforeAll
    static void renderTheCheckingScript() throws Exception {
        sandbox = VmSandbox.create(temp);
        Files.createDirectories(sandbox.path(METRICS));
        checkingScript = install("checking.sh", TestVms.vm().contributorCheck().build());
    }

    @BeforeEach
    void clearMetrics() throws IOException {
        Files.deleteIfExists(sandbox.path(METRICS + "/pre-job-metrics.json"));
        Files.deleteIfExists(sandbox.path(METRICS + "/post-job-metrics.json"));
    }

    /** One event: its name, the payload (null: no payload file), and whether it may run. */
    record Case(String description, String event, String payload, boolean allowed) {
        @Override
        public String toString() {
            return description + (allowed ? " -> runs" : " -> denied");
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String event : List.of("pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment")) {
            List<String> associations = event.equals("pull_request") ? ALL_ASSOCIATIONS : List.of("OWNER", "MEMBER",
                    "COLLABORATOR", "CONTRIBUTOR", "NONE");
            for (String association : associations) {
                for (boolean isPrivate : List.of(false, true)) {
                    boolean allowed = Set.of("OWNER", "MEMBER", "COLLABORATOR").contains(association)
                            || association.equals("CONTRIBUTOR") && isPrivate;
                    cases.add(new Case(event + " from a fork by " + association + (isPrivate ? " (private)" : " (public)"),
                            event, fork(event, association, isPrivate).toString(), allowed));
                }
            }
            cases.add(new Case(event + " from a fork, association missing", event,
                    edit(payloadOf(event), p -> { makeFork(p); associationHolder(event, p).remove("author_association"); }).toString(), false));
            cases.add(new Case(event + " from the repository itself by NONE", event,
                    edit(payloadOf(event), p -> setAssociation(event, p, "NONE")).toString(), true));
            cases.add(new Case(event + " whose fork was deleted (head repo null), by NONE", event,
                    edit(payloadOf(event), p -> { ((ObjectNode) p.path("pull_request").path("head")).putNull("repo");
                        setAssociation(event, p, "NONE"); }).toString(), false));
            cases.add(new Case(event + " whose fork was deleted (head repo null), by MEMBER", event,
                    edit(payloadOf(event), p -> { ((ObjectNode) p.path("pull_request").path("head")).putNull("repo");
                        setAssociation(event, p, "MEMBER"); }).toString(), true));
            cases.add(new Case(event + " with no base repository, by NONE", event,
                    edit(payloadOf(event), p -> { ((ObjectNode) p.path("pull_request").path("base")).remove("repo");
                        setAssociation(event, p, "NONE"); }).toString(), false));
            cases.add(new Case(event + " with no payload file", event, null, false));
            cases.add(new Case(event + " with a payload that is not JSON", event, "{\"pull_request\": ", false));
        }
        for (String association : ALL_ASSOCIATIONS) {
            for (boolean isPrivate : List.of(false, true)) {
                boolean allowed = Set.of("OWNER", "MEMBER", "COLLABORATOR").contains(association)
                        || association.equals("CONTRIBUTOR") && isPrivate;
                cases.add(new Case("issue_comment by " + association + (isPrivate ? " (private)" : " (public)"), "issue_comment",
                        edit(payloadOf("issue_comment"), p -> { setAssociation("issue_comment", p, association);
                            ((ObjectNode) p.path("repository")).put("private", isPrivate); }).toString(), allowed));
            }
        }
        cases.add(new Case("issue_comment, association missing", "issue_comment",
                edit(payloadOf("issue_comment"), p -> ((ObjectNode) p.path("comment")).remove("author_association")).toString(), false));
        cases.add(new Case("issue_comment with repository.private the string \"true\", by CONTRIBUTOR", "issue_comment",
                edit(payloadOf("issue_comment"), p -> { setAssociation("issue_comment", p, "CONTRIBUTOR");
                    ((ObjectNode) p.path("repository")).put("private", "true"); }).toString(), false));
        cases.add(new Case("push", "push", Files.readString(fixture("push/payload.json")), true));
        cases.add(new Case("workflow_dispatch", "workflow_dispatch", Files.readString(fixture("workflow_dispatch/payload.json")), true));
        cases.add(new Case("workflow_dispatch with no payload file", "workflow_dispatch", null, true));
        cases.add(new Case("schedule, carrying a fork pull request's payload", "schedule",
                fork("pull_request", "NONE", false).toString(), true));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theContributorCheckFollowsTheRules(Case c) throws Exception {
        assertEquals(c.allowed(), rulesAllow(c.event(), c.payload()), "the case contradicts the rules: " + c);

        SystemTools.Run run = runHook(checkingScript, c.event(), c.payload(), Map.of());

        assertEquals(c.allowed() ? 0 : 1, run.exitCode(), c + "\n" + run.output());
        JsonNode preJob = JSON.readTree(sandbox.read(METRICS + "/pre-job-metrics.json"));
        assertEquals(c.event(), preJob.get("event").asText());
        if (c.allowed()) {
            assertFalse(sandbox.exists(METRICS + "/post-job-metrics.json"), c.toString());
        } else {
            assertTrue(run.stderr().contains(
                    "Insufficient user authorization - only OWNER, MEMBER, or COLLABORATOR may run workflows"), run.stderr());
            JsonNode postJob = JSON.readTree(sandbox.read(METRICS + "/post-job-metrics.json"));
            assertEquals("external-contributor-check-failure", postJob.get("status").asText());
            assertTrue(postJob.get("timestamp").isIntegralNumber());
        }
    }

    @Test
    void everyoneRunsWhenExternalContributorsAreAllowed() throws Exception {
        Path script = install("open.sh", TestVms.vm().build());
        SystemTools.Run run = runHook(script, "pull_request_target", fork("pull_request_target", "NONE", false).toString(), Map.of());

        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.output().contains("Contributor check"), run.output());
        assertFalse(Files.readString(script).contains("author_association"), "the check is not even in the script");
    }

    @Test
    void preJobMetricsDescribeTheJob() throws Exception {
        SystemTools.Run run = runHook(checkingScript, "push", Files.readString(fixture("push/payload.json")),
                Map.of("GITHUB_WORKFLOW", "CI \"nightly\"", "GITHUB_REPOSITORY", "canonical/example", "GITHUB_RUN_ID", "123456"));

        assertEquals(0, run.exitCode(), run.output());
        JsonNode metrics = JSON.readTree(sandbox.read(METRICS + "/pre-job-metrics.json"));
        assertEquals("CI \"nightly\"", metrics.get("workflow").asText());
        assertEquals("canonical/example", metrics.get("repository").asText());
        assertEquals("push", metrics.get("event").asText());
        assertEquals("123456", metrics.get("workflow_run_id").asText());
        assertTrue(metrics.get("timestamp").isIntegralNumber());
    }

    @Test
    void theOtelCollectorConfigKeepsJobValuesAsValues() throws Exception {
        Path script = install("otel.sh", TestVms.vm().otel("otel.example.com:4317").build());
        String workflow = "ci\", injected: true}\n  exporters: {evil: $(id)} `id` \\";
        SystemTools.Run run = runHook(script, "push", Files.readString(fixture("push/payload.json")),
                Map.of("GITHUB_WORKFLOW", workflow, "GITHUB_REPOSITORY", "canonical/example", "RUNNER_NAME", "github-runner-0-0123456789ab"));

        assertEquals(0, run.exitCode(), run.output());
        JsonNode config = new YAMLMapper().readTree(sandbox.read("/etc/otelcol/config.d/github.yaml"));
        assertEquals(List.of("receivers", "processors", "exporters", "service"), fieldNames(config));
        assertEquals("otel.example.com:4317", config.at("/exporters/otlp~1self_hosted_runner/endpoint").asText());
        Map<String, String> attributes = new HashMap<>();
        for (JsonNode action : config.at("/processors/attributes~1github/actions")) {
            attributes.put(action.get("key").asText(), action.get("value").asText());
        }
        assertEquals(workflow, attributes.get("github.workflow"));
        assertEquals("canonical/example", attributes.get("github.repository"));
        assertEquals("github-runner-0-0123456789ab", attributes.get("github.runner"));
        assertEquals(List.of("receivers", "processors", "exporters", "service"), fieldNames(config));
        List<List<String>> snap = sandbox.calls("snap");
        assertTrue(snap.containsAll(List.of(List.of("snap", "enable", "opentelemetry-collector"),
                List.of("snap", "start", "opentelemetry-collector"))), snap.toString());
    }

    @Test
    void theDockerMirrorIsAnnounced() throws Exception {
        Path script = install("mirror.sh", TestVms.vm().mirror("https://mirror.example.com").build());
        SystemTools.Run run = runHook(script, "push", Files.readString(fixture("push/payload.json")), Map.of());

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.stderr().contains("through the mirror https://mirror.example.com"), run.stderr());
    }

    @Test
    void aFailingPreJobScriptIsLoggedNotFatal() throws Exception {
        Path script = install("failing.sh", TestVms.vm().preJobScript("#!/bin/sh\necho preparing >&2\nexit 3\n").build());
        SystemTools.Run run = runHook(script, "push", Files.readString(fixture("push/payload.json")), Map.of());

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.stderr().contains("preparing"), run.stderr());
        assertTrue(run.stderr().contains("The pre-job-script failed with exit code 3, the job goes on"), run.stderr());
    }

    @Test
    void aDeniedJobDoesNotRunThePreJobScript() throws Exception {
        Path script = install("denied.sh", TestVms.vm().contributorCheck()
                .preJobScript("#!/bin/sh\ntouch \"$SANDBOX_DIR/pre-job-script-ran\"\n").build());
        SystemTools.Run run = runHook(script, "pull_request", fork("pull_request", "NONE", false).toString(), Map.of());

        assertEquals(1, run.exitCode(), run.output());
        assertFalse(Files.exists(temp.resolve("pre-job-script-ran")));
    }

    // --- payloads ---------------------------------------------------------------------------

    static Path fixture(String name) throws IOException {
        try {
            return Path.of(PreJobScriptTest.class.getResource("/fixtures/github-webhooks/payload-examples/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("missing fixture " + name, e);
        }
    }

    /** GitHub's example payload of the event (pull_request_target carries a pull_request payload). */
    static ObjectNode payloadOf(String event) throws IOException {
        String file = switch (event) {
            case "pull_request", "pull_request_target" -> "pull_request/opened.payload.json";
            case "pull_request_review" -> "pull_request_review/submitted.payload.json";
            case "pull_request_review_comment" -> "pull_request_review_comment/created.payload.json";
            case "issue_comment" -> "issue_comment/created.payload.json";
            default -> throw new IllegalArgumentException(event);
        };
        return (ObjectNode) JSON.readTree(fixture(file).toFile());
    }

    /** A pull request event from a fork, by an author with this association. */
    static ObjectNode forkPullRequest(String association, boolean isPrivate) throws IOException {
        return fork("pull_request", association, isPrivate);
    }

    static ObjectNode fork(String event, String association, boolean isPrivate) throws IOException {
        return edit(payloadOf(event), p -> {
            makeFork(p);
            setAssociation(event, p, association);
            ((ObjectNode) p.path("repository")).put("private", isPrivate);
        });
    }

    private static void makeFork(ObjectNode payload) {
        ((ObjectNode) payload.path("pull_request").path("head").path("repo")).put("full_name", "outsider/Hello-World");
    }

    /** The object whose author_association decides for this event. */
    private static ObjectNode associationHolder(String event, ObjectNode payload) {
        return (ObjectNode) switch (event) {
            case "pull_request_review" -> payload.path("review");
            case "pull_request_review_comment", "issue_comment" -> payload.path("comment");
            default -> payload.path("pull_request");
        };
    }

    private static void setAssociation(String event, ObjectNode payload, String association) {
        associationHolder(event, payload).put("author_association", association);
    }

    private static ObjectNode edit(ObjectNode payload, Consumer<ObjectNode> change) {
        change.accept(payload);
        return payload;
    }

    // --- the rules, stated independently of the script -----------------------------------------

    /** upstream-charm.md §7.3, for a payload given as text (null: no payload file). */
    static boolean rulesAllow(String event, String payloadText) {
        if (!PULL_REQUEST_EVENTS.contains(event) && !event.equals("issue_comment")) {
            return true;
        }
        JsonNode payload;
        try {
            payload = payloadText == null ? null : JSON.readTree(payloadText);
        } catch (IOException e) {
            payload = null;
        }
        if (payload == null) {
            return false;
        }
        String association;
        if (event.equals("issue_comment")) {
            association = text(payload, "/comment/author_association");
        } else {
            String head = text(payload, "/pull_request/head/repo/full_name");
            String base = text(payload, "/pull_request/base/repo/full_name");
            if (head != null && !head.isEmpty() && head.equals(base)) {
                return true;
            }
            association = text(payload, switch (event) {
                case "pull_request_review" -> "/review/author_association";
                case "pull_request_review_comment" -> "/comment/author_association";
                default -> "/pull_request/author_association";
            });
        }
        JsonNode isPrivate = payload.at("/repository/private");
        return association != null && Set.of("OWNER", "MEMBER", "COLLABORATOR").contains(association)
                || "CONTRIBUTOR".equals(association) && isPrivate.isBoolean() && isPrivate.asBoolean();
    }

    private static String text(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return value.isTextual() ? value.asText() : null;
    }

    // --- running ------------------------------------------------------------------------------

    private static Path install(String name, VmOptions vm) throws Exception {
        Path script = sandbox.path("/home/ubuntu/actions-runner/" + name);
        Files.writeString(script, sandbox.renderer().renderScripts(vm, TestVms.bootstrap()).preJob());
        return script;
    }

    private static SystemTools.Run runHook(Path script, String event, String payload, Map<String, String> env) throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("GITHUB_EVENT_NAME", event);
        Path payloadFile = temp.resolve("event.json");
        Files.deleteIfExists(payloadFile);
        if (payload != null) {
            Files.writeString(payloadFile, payload);
        }
        environment.put("GITHUB_EVENT_PATH", payloadFile.toString());
        return sandbox.run(List.of(SystemTools.require("bash"), script.toString()), environment);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
