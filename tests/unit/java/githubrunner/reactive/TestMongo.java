package githubrunner.reactive;

import githubrunner.common.Secret;
import githubrunner.sim.mongodb.MongoEmulator;
import java.util.concurrent.atomic.AtomicInteger;

/** A MongoDB stand-in over TCP for a test class, with a fresh database per test. */
final class TestMongo implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    final MongoEmulator server = MongoEmulator.start(0);

    /** A connection to a database no other test uses. */
    MongoConnection connect() {
        return connect("test-" + DATABASES.incrementAndGet());
    }

    MongoConnection connect(String database) {
        return MongoConnection.open(Secret.of(server.uri(database)), database, "test");
    }

    @Override
    public void close() {
        server.close();
    }
}
