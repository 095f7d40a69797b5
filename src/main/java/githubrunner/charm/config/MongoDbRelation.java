package githubrunner.charm.config;

import githubrunner.common.MongoUris;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.juju.JujuBackend;
import githubrunner.juju.JujuException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requirer side of the {@code mongodb_client} interface, on endpoint {@code mongodb}, as
 * data-platform-libs' {@code DatabaseRequires(relation_name="mongodb",
 * database_name="github-runner-webhook-router")} speaks it (reference/juju.md §4a): the leader
 * asks for the database and for the credentials as Juju secrets; every unit reads them from the
 * {@code secret-user} secret the provider grants to the relation (labelled
 * {@code mongodb.<relation id>.user.secret}, so a rotation's secret-changed names it), or, from
 * a provider that does not use secrets, from {@code uris} in its application databag.
 */
public final class MongoDbRelation {
    public static final String ENDPOINT = "mongodb";
    /** The webhook router's database: it publishes to the same one. */
    public static final String DATABASE = "github-runner-webhook-router";
    static final String WAITING = "Missing uris for mongodb integration";
    static final List<String> REQUESTED_SECRETS = List.of("username", "password", "tls", "tls-ca", "uris",
            "read-only-uris", "entity-name", "entity-password");
    static final List<String> PROVIDED_SECRETS = List.of("mtls-cert");
    private static final Pattern LABEL = Pattern.compile(Pattern.quote(ENDPOINT) + "\\.[0-9]+\\.user\\.secret");
    private static final Pattern URI = Pattern.compile("mongodb(\\+srv)?://[^\\s]+");
    private static final Logger LOG = LoggerFactory.getLogger(MongoDbRelation.class);

    private final JujuBackend juju;
    private final String brokenRelation;

    /**
     * @param brokenRelation the relation id a {@code mongodb-relation-broken} hook is about (it is
     *     going: reactive mode turns off), or null
     */
    public MongoDbRelation(JujuBackend juju, String brokenRelation) {
        this.juju = juju;
        this.brokenRelation = brokenRelation;
    }

    /** The relation being broken in this hook, from the dispatch environment, or null. */
    public static String brokenRelation(Map<String, String> environment) {
        String hook = environment.getOrDefault("JUJU_HOOK_NAME", environment.getOrDefault("JUJU_DISPATCH_PATH", ""));
        return hook.endsWith(ENDPOINT + "-relation-broken") ? environment.get("JUJU_RELATION_ID") : null;
    }

    /**
     * The leader's request, written on relation-created as the library writes it: the database
     * name and the secret fields in the application databag, the two lists in its unit databag too.
     */
    public static void request(JujuBackend juju, String relationId) {
        Map<String, String> app = new LinkedHashMap<>();
        app.put("database", DATABASE);
        app.put("requested-secrets", jsonList(REQUESTED_SECRETS));
        app.put("provided-secrets", jsonList(PROVIDED_SECRETS));
        juju.relationSet(relationId, app, true);
        juju.relationSet(relationId, Map.of("requested-secrets", app.get("requested-secrets"),
                "provided-secrets", app.get("provided-secrets")), false);
    }

    /** The label data-platform-libs gives a relation's secret: {@code mongodb.3.user.secret}. */
    public static String secretLabel(String relationId, String group) {
        return ENDPOINT + "." + relationId.substring(relationId.indexOf(':') + 1) + "." + group + ".secret";
    }

    /** Whether a secret-changed event is about the MongoDB credentials (a rotation, no runner flush). */
    public static boolean isCredentialLabel(String label) {
        return label != null && LABEL.matcher(label).matches();
    }

    /**
     * The queue settings, or null without a mongodb relation.
     *
     * @param queue the queue to consume (the application name)
     * @throws ConfigException Waiting until the provider has published credentials
     */
    public ManagerConfig.Reactive read(String queue) throws ConfigException {
        String relation = juju.relationIds(ENDPOINT).stream().filter(id -> !id.equals(brokenRelation)).findFirst()
                .orElse(null);
        if (relation == null) {
            return null;
        }
        Map<String, String> bag = providerData(relation);
        Map<String, String> credentials = bag;
        String secretUri = bag.getOrDefault("secret-user", "").strip();
        if (!secretUri.isEmpty()) {
            try {
                credentials = juju.secretGet(secretUri, secretLabel(relation, "user"), true);
            } catch (JujuException e) {
                LOG.warn("MongoDB credentials of {} not readable yet: {}", relation, e.getMessage());
                throw ConfigException.waiting(WAITING);
            }
        }
        String uri = credentials.getOrDefault("uris", "").strip();
        if (uri.isEmpty()) {
            throw ConfigException.waiting(WAITING);
        }
        if (!URI.matcher(uri).matches()) {
            LOG.error("the mongodb integration's uris is not a MongoDB URI: {}", MongoUris.redact(uri));
            throw ConfigException.blocked("Invalid uris from the mongodb integration");
        }
        return new ManagerConfig.Reactive(Secret.of(uri), MongoUris.database(uri, DATABASE), queue);
    }

    /** The provider's application databag, empty until a provider unit has joined. */
    private Map<String, String> providerData(String relation) {
        try {
            List<String> units = juju.relationList(relation);
            if (units.isEmpty()) {
                return Map.of();
            }
            String unit = units.get(0);
            return juju.relationGet(relation, unit.contains("/") ? unit.substring(0, unit.indexOf('/')) : unit, true);
        } catch (JujuException e) {
            return Map.of(); // broken while this hook ran, or nothing published yet
        }
    }

    /** A JSON list as Python's json.dumps writes it (the provider parses it; the form is the library's). */
    private static String jsonList(List<String> items) {
        StringBuilder text = new StringBuilder("[");
        for (String item : items) {
            text.append(text.length() > 1 ? ", " : "").append('"').append(item).append('"');
        }
        return text.append(']').toString();
    }
}
