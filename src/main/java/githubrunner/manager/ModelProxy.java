package githubrunner.manager;

import githubrunner.common.HttpProxySelector;
import githubrunner.contract.ManagerConfig;
import java.net.ProxySelector;

/** The model's proxy for the manager's own calls to GitHub ({@link HttpProxySelector}). */
final class ModelProxy {
    private ModelProxy() {}

    /** The selector, or null when the model sets no proxy. */
    static ProxySelector of(ManagerConfig.Proxy config) {
        return config == null || !config.isSet() ? null : HttpProxySelector.of(config.http(), config.https(), config.noProxy());
    }
}
