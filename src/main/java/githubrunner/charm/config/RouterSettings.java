package githubrunner.charm.config;

import githubrunner.common.Secret;
import githubrunner.contract.RoutingRules;

/**
 * The hosted webhook router's options: {@code webhook-router-flavours} (the Python router's
 * {@code flavours}), {@code webhook-router-default-flavour}, {@code webhook-router-default-labels},
 * {@code webhook-secret-id} (a Juju secret, key {@code webhook-secret}) and
 * {@code webhook-router-port}. No flavours: no router. Errors carry the Python router's messages.
 */
public record RouterSettings(RoutingRules rules, Secret webhookSecret, int port) {
    public static final int DEFAULT_PORT = 8080;
    static final String SECRET_KEY = "webhook-secret";

    /** The settings, or null when the router is not configured (no flavours). */
    static RouterSettings parse(RawConfig config, SecretReader secrets) throws ConfigException {
        String flavours = config.string("webhook-router-flavours");
        if (flavours.isBlank()) {
            return null;
        }
        RoutingRules rules;
        try {
            rules = RoutingRules.parse(flavours, config.string("webhook-router-default-flavour"),
                    config.isSet("webhook-router-default-labels") ? config.string("webhook-router-default-labels")
                            : "self-hosted,linux", RoutingRules.OptionNames.CHARM);
        } catch (RoutingRules.InvalidRules e) {
            throw ConfigException.blocked(e.getMessage());
        }
        String secretId = config.string("webhook-secret-id").strip();
        if (secretId.isEmpty()) {
            throw ConfigException.blocked("webhook-secret-id config is not set! The webhook router accepts signed "
                    + "webhooks only: put the hook's secret in a Juju secret under the key " + SECRET_KEY);
        }
        // Kept as text whatever it looks like: a numeric-only secret is a secret like any other.
        Secret secret = Secret.of(secrets.read("Webhook", secretId, SECRET_KEY));
        int port = (int) config.integer("webhook-router-port", DEFAULT_PORT, 1, 65535);
        return new RouterSettings(rules, secret, port);
    }

    @Override
    public String toString() {
        return "RouterSettings[flavours=" + rules.flavours().size() + ", port=" + port + "]";
    }
}
