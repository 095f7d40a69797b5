package githubrunner.sim.mongodb;

import de.bwaldvogel.mongo.MongoBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A backend whose data outlives the server in front of it: mongo-java-server closes (and clears)
 * its backend on shutdown, but a stopped and restarted mongod keeps its data, and that is what a
 * "MongoDB restarted" test must see. Every call but {@code close()} goes to the real backend.
 */
final class KeptBackend {
    private KeptBackend() {}

    static MongoBackend keeping(MongoBackend data) {
        return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(), new Class<?>[] {MongoBackend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        Object result = method.invoke(data, args);
                        return result == data ? proxy : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
