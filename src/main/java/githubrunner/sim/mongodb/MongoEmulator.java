package githubrunner.sim.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A MongoDB wire-protocol server on 127.0.0.1 (mongo-java-server, in memory), standing in for
 * mongod, which cannot be installed here. It can be stopped and started again on the same port
 * with its data kept, as a restarted mongod would.
 *
 * <p>kombu creates {@code messages.broadcast} as a capped collection unless it exists, and
 * mongo-java-server has no capped collections: {@link #prepareForKombu(String)} creates a plain one
 * first, after which Python kombu's {@code SimpleQueue} works against this server.
 */
public final class MongoEmulator implements AutoCloseable {
    private final MongoBackend data = new MemoryBackend();
    private final MongoBackend backend = KeptBackend.keeping(data);
    private MongoServer server;
    private int port;

    private MongoEmulator() {}

    /** Starts on {@code port} (0: any free one). */
    public static MongoEmulator start(int port) {
        MongoEmulator emulator = new MongoEmulator();
        emulator.listen(port);
        return emulator;
    }

    private synchronized void listen(int wanted) {
        server = new MongoServer(backend);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", wanted);
        server.bind(address);
        port = server.getLocalAddress().getPort();
    }

    public synchronized int port() {
        return port;
    }

    /** {@code mongodb://127.0.0.1:PORT/DATABASE}. */
    public String uri(String database) {
        return "mongodb://127.0.0.1:" + port() + "/" + database;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops listening and drops every connection, as a stopped mongod; the data stays. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** Listens again on the same port, with the data it had. */
    public synchronized void restart() {
        stop();
        listen(port);
    }

    /** Creates a plain {@code messages.broadcast} collection in {@code database} if there is none. */
    public void prepareForKombu(String database) {
        try (MongoClient client = MongoClients.create(uri(database))) {
            var db = client.getDatabase(database);
            List<String> names = db.listCollectionNames().into(new java.util.ArrayList<>());
            if (!names.contains("messages.broadcast")) {
                db.createCollection("messages.broadcast");
            }
        }
    }

    @Override
    public synchronized void close() {
        stop();
        data.close();
    }
}
