package githubrunner.router;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import githubrunner.github.HookDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * What the routers of all units share besides the queue, in collection {@value #COLLECTION}: the
 * hooks learnt ({@code hook:<path>:<id>}), each unit's last sign of life ({@code unit:<name>}, so a
 * restarted router knows since when deliveries may have failed), and redelivery leases
 * ({@code pass:<path>:<id>}), so one unit at a time redelivers a hook's failures.
 */
final class RouterState {
    static final String COLLECTION = "webhook_router.state";

    private final MongoCollection<Document> state;
    private final Clock clock;

    RouterState(MongoDatabase database, Clock clock) {
        this.state = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    void saveHook(HookDeliveries.Hook hook) {
        state.updateOne(Filters.eq("_id", "hook:" + hook.path() + ":" + hook.id()),
                Updates.combine(Updates.set("path", hook.path()), Updates.set("hook_id", hook.id()),
                        Updates.set("seen_at", Date.from(clock.instant()))),
                new UpdateOptions().upsert(true));
    }

    List<HookDeliveries.Hook> hooks() {
        List<HookDeliveries.Hook> hooks = new ArrayList<>();
        for (Document document : state.find(Filters.regex("_id", "^hook:"))) {
            try {
                hooks.add(new HookDeliveries.Hook(document.getString("path"), document.get("hook_id", Number.class).longValue()));
            } catch (RuntimeException e) {
                // a document written by something else: not a hook
            }
        }
        return hooks;
    }

    /** Records that this unit is alive now; returns when it was last seen before, if ever. */
    Optional<Instant> heartbeat(String unit) {
        Document previous = state.findOneAndUpdate(Filters.eq("_id", "unit:" + unit),
                Updates.set("alive_at", Date.from(clock.instant())),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        return previous == null || previous.getDate("alive_at") == null ? Optional.empty()
                : Optional.of(previous.getDate("alive_at").toInstant());
    }

    /** Takes the hook's redelivery lease unless another unit holds it. */
    boolean claimPass(HookDeliveries.Hook hook, String unit, Duration lease) {
        Instant now = clock.instant();
        try {
            state.updateOne(Filters.and(Filters.eq("_id", passKey(hook)), Filters.lt("lease_until", Date.from(now))),
                    Updates.combine(Updates.set("lease_until", Date.from(now.plus(lease))), Updates.set("by", unit)),
                    new UpdateOptions().upsert(true));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    void releasePass(HookDeliveries.Hook hook, String unit) {
        state.updateOne(Filters.and(Filters.eq("_id", passKey(hook)), Filters.eq("by", unit)),
                Updates.set("lease_until", Date.from(clock.instant())));
    }

    private static String passKey(HookDeliveries.Hook hook) {
        return "pass:" + hook.path() + ":" + hook.id();
    }
}
