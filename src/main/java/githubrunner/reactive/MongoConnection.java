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
import org.bson.Document;

/**
 * The one way this code opens MongoDB: a pooled client with a bound on every wait (server
 * selection when MongoDB is down or has no primary, connect, socket read, pool wait), so no call
 * blocks longer than {@link Limits#callLimit()}; the driver reconnects by itself once the server is
 * back, callers only retry. A URI is never shown unredacted, not even in the driver's own messages.
 * Uses nothing a real replica set would refuse or treat differently from mongo-java-server (no
 * sessions, transactions, change streams or TTL indexes).
 */
public final class MongoConnection implements AutoCloseable {
    /**
     * How long each wait may last, and the pool.
     *
     * @param heartbeat how often the driver looks at a server it knows (a restarted one is noticed this fast), or null for the driver's 10 s
     */
    public record Limits(Duration serverSelection, Duration connect, Duration read, Duration poolWait, int poolMin,
                         int poolMax, Duration heartbeat) {
        /**
         * Consumers and the manager's queue watch: waiting a few seconds costs nothing (a held job
         * keeps its runner request meanwhile); 8 connections.
         */
        public static final Limits PATIENT = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(5), 0, 8, null);
        /**
         * The webhook router: with MongoDB gone a webhook is answered 503 well within GitHub's 10 s
         * (and the router's own 2 s); 8 connections kept open so a burst waits for no handshake, 32
         * at most; a restarted server is noticed within about a second.
         */
        public static final Limits PROMPT = new Limits(Duration.ofMillis(1000), Duration.ofMillis(1000),
                Duration.ofMillis(1500), Duration.ofMillis(1000), 8, 32, Duration.ofSeconds(1));

        /** The longest one call can take: select a server, wait for a pooled connection, connect, read. */
        public Duration callLimit() {
            return serverSelection.plus(poolWait).plus(connect).plus(read);
        }
    }

    /** The longest one call of a {@link Limits#PATIENT} connection can take. */
    public static final Duration CALL_LIMIT = Limits.PATIENT.callLimit();

    private final MongoClient client;
    private final MongoDatabase database;

    private MongoConnection(MongoClient client, MongoDatabase database) {
        this.client = client;
        this.database = database;
    }

    /** A {@link Limits#PATIENT} connection. */
    public static MongoConnection open(Secret uri, String database, String applicationName) {
        return open(uri, database, applicationName, Limits.PATIENT);
    }

    /**
     * @param database the database to use; null or blank for the one in the URI's path
     * @throws IllegalArgumentException if the URI is not a MongoDB connection string, or names no
     *     database when none is given; the message never contains the URI's password
     */
    public static MongoConnection open(Secret uri, String database, String applicationName, Limits limits) {
        ConnectionString connection;
        try {
            connection = new ConnectionString(uri.reveal());
        } catch (RuntimeException e) {
            // The driver's messages describe the problem; a password in them is masked all the same.
            throw new IllegalArgumentException("invalid MongoDB URI: " + MongoUris.redact(String.valueOf(e.getMessage())));
        }
        String name = database != null && !database.isBlank() ? database : connection.getDatabase();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no MongoDB database: set database, or put it in the URI's path");
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(connection)
                .applicationName(applicationName)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(limits.serverSelection().toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout((int) limits.connect().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) limits.read().toMillis(), TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(b -> b.maxWaitTime(limits.poolWait().toMillis(), TimeUnit.MILLISECONDS)
                        .minSize(limits.poolMin()).maxSize(limits.poolMax()))
                .applyToServerSettings(b -> {
                    if (limits.heartbeat() != null) {
                        b.heartbeatFrequency(limits.heartbeat().toMillis(), TimeUnit.MILLISECONDS)
                                .minHeartbeatFrequency(Math.min(200, limits.heartbeat().toMillis()), TimeUnit.MILLISECONDS);
                    }
                })
                .build();
        MongoClient client = MongoClients.create(settings);
        return new MongoConnection(client, client.getDatabase(name));
    }

    public MongoDatabase database() {
        return database;
    }

    /** A round trip to the server; throws when it cannot be reached in time. */
    public void ping() {
        database.runCommand(new Document("ping", 1));
    }

    @Override
    public void close() {
        client.close();
    }
}
