package githubrunner.router;

import githubrunner.github.HookDeliveries;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The webhooks whose failed deliveries the router redelivers after an outage: those configured,
 * and those learnt from the deliveries it received ({@code X-GitHub-Hook-ID} and
 * {@code X-GitHub-Hook-Installation-Target-Type} headers, with the payload's repository or
 * organisation), only once their signature was checked. GitHub App hooks (target type
 * {@code integration}) have their own deliveries API and are not learnt.
 */
final class KnownHooks {
    private static final Pattern HOOK_ID = Pattern.compile("[0-9]{1,18}");
    private final Set<HookDeliveries.Hook> hooks = ConcurrentHashMap.newKeySet();
    private volatile Consumer<HookDeliveries.Hook> onNew = hook -> { };

    KnownHooks(List<HookDeliveries.Hook> configured) {
        hooks.addAll(configured);
    }

    void onNew(Consumer<HookDeliveries.Hook> listener) {
        onNew = listener;
    }

    void seen(String hookId, String targetType, String repository, String organisation) {
        if (hookId == null || targetType == null || !HOOK_ID.matcher(hookId).matches()) {
            return;
        }
        String path = switch (targetType) {
            case "repository" -> repository;
            case "organization" -> organisation;
            default -> null;
        };
        if (path == null) {
            return;
        }
        HookDeliveries.Hook hook;
        try {
            hook = new HookDeliveries.Hook(path, Long.parseLong(hookId));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (hooks.add(hook)) {
            onNew.accept(hook);
        }
    }

    void add(HookDeliveries.Hook hook) {
        hooks.add(hook);
    }

    List<HookDeliveries.Hook> all() {
        return List.copyOf(hooks);
    }
}
