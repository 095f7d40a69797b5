package githubrunner.contract;

import com.fasterxml.jackson.databind.JsonNode;
import githubrunner.common.Secret;
import java.util.List;

/**
 * Everything a webhook router needs, as the charm writes it (YAML, mode 0600) to
 * {@code /var/lib/github-runner-manager/<app>-<n>/webhook-router.yaml}, or as an operator writes
 * it for {@code github-runner webhook-router --config FILE}. Secrets are in the file, never on
 * the command line.
 *
 * @param version the format of this file, {@link #VERSION}
 * @param unit who this router is in logs and in the shared state (e.g. {@code github-runner/0})
 * @param listenAddress address to bind, {@code 0.0.0.0} to serve GitHub
 * @param port TCP port of {@code POST /webhook}, {@code GET /health}, {@code GET /metrics}
 * @param mongodbUri the queue's MongoDB, credentials included
 * @param database the database holding kombu's {@code messages} collection
 * @param flavours the routing table in the Python router's format: {@code [{<flavour>: [labels]}]}
 * @param defaultFlavour queue of jobs with no label beyond the default ones
 * @param defaultLabels labels stripped from jobs before routing
 * @param webhookSecret the hooks' HMAC secret; required unless {@code allowUnsigned}
 * @param allowUnsigned accept unsigned webhooks: for tests only, never set by the charm
 * @param github credentials and path for listing and redelivering failed deliveries, or null: no redelivery
 * @param hooks webhooks to watch for failed deliveries besides those learnt from deliveries received
 * @param redeliveryPaceMillis least time between two redelivery requests (GitHub's secondary limits)
 * @param jobDedupeWindowSeconds a job id seen again within this time is a duplicate
 * @param deliveryRetentionHours how long delivery ids are remembered (GitHub keeps deliveries 3 days)
 */
public record RouterConfig(
        int version,
        String unit,
        String listenAddress,
        int port,
        Secret mongodbUri,
        String database,
        JsonNode flavours,
        String defaultFlavour,
        List<String> defaultLabels,
        Secret webhookSecret,
        boolean allowUnsigned,
        ManagerConfig.GitHub github,
        List<Hook> hooks,
        Long redeliveryPaceMillis,
        Long jobDedupeWindowSeconds,
        Long deliveryRetentionHours,
        String logLevel) {

    public static final int VERSION = 1;
    public static final long DEFAULT_REDELIVERY_PACE_MILLIS = 1000;
    public static final long DEFAULT_JOB_DEDUPE_WINDOW_SECONDS = 600;
    public static final long DEFAULT_DELIVERY_RETENTION_HOURS = 96;

    /**
     * A repository or organisation webhook.
     *
     * @param path {@code owner/repo} or {@code org}
     * @param id the hook's id (shown in its settings URL, sent as {@code X-GitHub-Hook-ID})
     */
    public record Hook(String path, long id) {}

    public long paceMillis() {
        return redeliveryPaceMillis == null ? DEFAULT_REDELIVERY_PACE_MILLIS : redeliveryPaceMillis;
    }

    public long jobWindowSeconds() {
        return jobDedupeWindowSeconds == null ? DEFAULT_JOB_DEDUPE_WINDOW_SECONDS : jobDedupeWindowSeconds;
    }

    public long retentionHours() {
        return deliveryRetentionHours == null ? DEFAULT_DELIVERY_RETENTION_HOURS : deliveryRetentionHours;
    }

    @Override
    public String toString() {
        return "RouterConfig[unit=" + unit + ", " + listenAddress + ":" + port + ", database=" + database
                + ", default flavour=" + defaultFlavour + ", signed=" + !allowUnsigned + "]";
    }
}
