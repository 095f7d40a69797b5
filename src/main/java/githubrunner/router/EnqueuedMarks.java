package githubrunner.router;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks delivery claims {@code enqueued} once their message is in, in batches (one bulk write of
 * {@code _id} updates per batch) behind the answers, so a webhook costs two round trips, not
 * three. A mark that never lands (router killed, MongoDB gone) leaves its claim pending: a
 * redelivery then finds the message by its delivery id and stops there, so nothing is enqueued twice
 * while the message waits in the queue.
 */
final class EnqueuedMarks implements AutoCloseable {
    static final int BATCH = 500;
    static final int CAPACITY = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(EnqueuedMarks.class);

    private final MongoCollection<Document> ledger;
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile boolean closing;

    EnqueuedMarks(MongoCollection<Document> ledger) {
        this.ledger = ledger;
        writer = new Thread(this::run, "webhook-router-marks");
        writer.setDaemon(true);
        writer.start();
    }

    /** @param deliveryKey the claim's {@code _id} */
    void add(String deliveryKey) {
        if (!pending.offer(deliveryKey)) {
            LOG.debug("mark of {} dropped: too many waiting", deliveryKey);
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>(BATCH);
        while (!closing || !pending.isEmpty()) {
            try {
                String first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!closing) {
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<String> keys) {
        List<WriteModel<Document>> updates = new ArrayList<>(keys.size());
        for (String key : keys) {
            updates.add(new UpdateOneModel<>(Filters.eq("_id", key), Updates.set("state", DeliveryLedger.ENQUEUED)));
        }
        try {
            ledger.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        } catch (MongoException e) {
            LOG.debug("{} enqueued marks not written: {}", keys.size(), e.getMessage());
        }
    }

    /** Writes what is waiting (bounded by MongoDB's timeouts), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
