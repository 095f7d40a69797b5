package githubrunner.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server on loopback, the tests' MongoDB. Its own log is off: it reports as errors,
 * with stack traces, what it does not implement (capped collections, which kombu asks for) and
 * the connections outage tests cut on purpose; neither is the code under test.
 */
public final class MongoStandIn {
    private MongoStandIn() {}

    /** A new in-memory server bound to a free port on 127.0.0.1. */
    public static MongoServer start() {
        ((Logger) LoggerFactory.getLogger("de.bwaldvogel.mongo")).setLevel(Level.OFF);
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        return mongo;
    }
}
