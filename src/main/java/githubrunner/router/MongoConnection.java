package githubrunner.router;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import githubrunner.common.Secret;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * One pooled MongoDB client for the router's life. Every wait is bounded, so that with MongoDB
 * gone a webhook is answered 503 well within GitHub's 10 s (and our own 2 s) instead of hanging:
 * picking a server, connecting, reading an answer and waiting for a pooled connection.
 */
final class MongoConnection implements AutoCloseable {
    static final Duration SERVER_SELECTION = Duration.ofMillis(1000);
    static final Duration CONNECT = Duration.ofMillis(1000);
    static final Duration READ = Duration.ofMillis(1500);
    static final Duration POOL_WAIT = Duration.ofMillis(1000);
    /** Connections kept open: a burst does not wait for handshakes. */
    static final int POOL_MIN = 8;
    static final int POOL_SIZE = 32;

    private final MongoClient client;
    private final MongoDatabase database;

    MongoConnection(Secret uri, String databaseName) {
        ConnectionString connection = new ConnectionString(uri.reveal());
        String name = databaseName != null && !databaseName.isBlank() ? databaseName : connection.getDatabase();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no MongoDB database: set database, or put it in the URI's path");
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(connection)
                .applicationName("github-runner-webhook-router")
                .applyToClusterSettings(b -> b.serverSelectionTimeout(SERVER_SELECTION.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout((int) CONNECT.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) READ.toMillis(), TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(b -> b.maxSize(POOL_SIZE).minSize(POOL_MIN)
                        .maxWaitTime(POOL_WAIT.toMillis(), TimeUnit.MILLISECONDS))
                // Notice a restarted server within about a second, not the default 10.
                .applyToServerSettings(b -> b.heartbeatFrequency(1000, TimeUnit.MILLISECONDS)
                        .minHeartbeatFrequency(200, TimeUnit.MILLISECONDS))
                .build();
        client = MongoClients.create(settings);
        database = client.getDatabase(name);
    }

    MongoDatabase database() {
        return database;
    }

    /** A round trip to the server; throws when it cannot be reached in time. */
    void ping() {
        database.runCommand(new Document("ping", 1));
    }

    @Override
    public void close() {
        client.close();
    }
}
