package githubrunner.reactive;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import githubrunner.common.MongoUris;
import githubrunner.common.Secret;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One MongoDB client with a bound on every call: server selection (MongoDB down or no primary),
 * connect, socket read and pool wait all time out, so no call blocks for longer than about
 * {@link #CALL_LIMIT}. The driver reconnects by itself once the server is back; callers only
 * retry. Uses nothing a real replica set would refuse or treat differently from mongo-java-server
 * (no sessions, transactions, change streams or TTL indexes).
 */
public final class MongoConnection implements AutoCloseable {
    static final Duration SERVER_SELECTION = Duration.ofSeconds(5);
    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration READ = Duration.ofSeconds(10);
    /** The longest one call can take: select a server, wait for a pooled connection, connect, read. */
    public static final Duration CALL_LIMIT = SERVER_SELECTION.plus(CONNECT).plus(READ);

    private final MongoClient client;
    private final MongoDatabase database;

    private MongoConnection(MongoClient client, MongoDatabase database) {
        this.client = client;
        this.database = database;
    }

    /**
     * @throws IllegalArgumentException if the URI is not a MongoDB connection string; the message
     *     never contains the URI's password
     */
    public static MongoConnection open(Secret uri, String database, String applicationName) {
        ConnectionString connection;
        try {
            connection = new ConnectionString(uri.reveal());
        } catch (RuntimeException e) {
            // The driver's messages describe the problem; a password in them is masked all the same.
            throw new IllegalArgumentException("invalid MongoDB URI: " + MongoUris.redact(String.valueOf(e.getMessage())));
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(connection)
                .applicationName(applicationName)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(SERVER_SELECTION.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout((int) CONNECT.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) READ.toMillis(), TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(b -> b.maxWaitTime(SERVER_SELECTION.toMillis(), TimeUnit.MILLISECONDS)
                        .maxSize(8))
                .build();
        MongoClient client = MongoClients.create(settings);
        return new MongoConnection(client, client.getDatabase(database));
    }

    public MongoDatabase database() {
        return database;
    }

    @Override
    public void close() {
        client.close();
    }
}
