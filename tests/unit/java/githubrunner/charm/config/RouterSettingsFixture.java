package githubrunner.charm.config;

import githubrunner.common.Secret;
import githubrunner.contract.RoutingRules;

/** Router settings for tests outside this package (the parser is package-private). */
public final class RouterSettingsFixture {
    private RouterSettingsFixture() {}

    public static RouterSettings settings(int port) throws RoutingRules.InvalidRules {
        return new RouterSettings(RoutingRules.parse("- large: [large]\n", "small", "self-hosted,linux",
                RoutingRules.OptionNames.CHARM), Secret.of("12345"), port);
    }
}
