package githubrunner.manager;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import githubrunner.common.InstanceName;
import githubrunner.common.Secret;
import githubrunner.contract.ManagerConfig;
import githubrunner.reactive.DeadLetters;
import githubrunner.reactive.KombuMessage;
import githubrunner.reactive.MongoConnection;
import githubrunner.sim.github.JobView;
import githubrunner.sim.mongodb.MongoEmulator;
import githubrunner.sim.openstack.SimServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bson.Document;

/**
 * The reactive path's surroundings for manager processes: MongoDB (mongo-java-server over TCP,
 * with kombu's collections), the GitHub and OpenStack emulators with runner agents, manager
 * configs with the queue, jobs queued in GitHub and published as the router does, and what the
 * emulators say happened.
 */
public final class ReactiveFleet implements AutoCloseable {
    public static final String DATABASE = "github-runner-webhook-router";
    public static final String APP = "github-runner";
    /**
     * Consumers paced for emulated time (VMs boot in 300 ms, jobs last seconds): 3 s leases,
     * checks from 300 ms to 1 s, claims every 100 ms while the queue is empty.
     */
    public static final ManagerConfig.ConsumerTuning FAST = new ManagerConfig.ConsumerTuning(null, 3, 300, 1000, 100);

    public final MongoEmulator mongo = MongoEmulator.start(0);
    public final Emulators emulators;
    public final MongoConnection connection;
    public final MongoCollection<Document> messages;

    public ReactiveFleet() throws IOException {
        // mongo-java-server reports the connections an outage cuts as errors; they are the test's doing
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("de.bwaldvogel.mongo"))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        mongo.prepareForKombu(DATABASE);
        emulators = new Emulators(Clock.systemUTC(), 1024);
        connection = MongoConnection.open(Secret.of(mongo.uri(DATABASE)), DATABASE, "test");
        messages = connection.database().getCollection(KombuMessage.COLLECTION);
    }

    /** Unit {@code APP/number} on the queue {@link #APP}, with its own free port. */
    public ManagerConfig config(int number, int base, int max, ManagerConfig.ConsumerTuning tuning) throws IOException {
        ManagerConfig plain = emulators.config(APP, number, base, ManagerProcess.freePort());
        return new ManagerConfig(plain.version(), plain.unit(), plain.application(), plain.prefix(), plain.github(),
                plain.openstack(), new ManagerConfig.Runners(plain.runners().imageId(), plain.runners().labels(), base, max),
                plain.reconcileIntervalMinutes(), plain.managerProxy(), plain.vm(), plain.managerSshProxyCommand(),
                plain.logLevel(), plain.httpPort(), plain.metricsLogPath(), plain.apiToken(),
                new ManagerConfig.Reactive(Secret.of(mongo.uri(DATABASE)), DATABASE, APP, tuning), List.of());
    }

    /** A job queued in GitHub that runs for {@code duration} once a runner takes it. */
    public JobView queueJob(Duration duration) {
        return emulators.github.queueJob(Emulators.OWNER, Emulators.REPO, List.of("self-hosted", "linux", "x64"), duration);
    }

    /** The router's message for a job: its labels without the default ones, its REST URL. */
    public String body(long jobId) {
        return "{\"labels\":[\"x64\"],\"status\":\"queued\",\"url\":\"" + jobUrl(jobId) + "\"}";
    }

    public String jobUrl(long jobId) {
        return emulators.github.url() + "/repos/" + Emulators.OWNER + "/" + Emulators.REPO + "/actions/jobs/" + jobId;
    }

    /**
     * Publishes {@code body} as kombu's {@code SimpleQueue(APP).put(body)} stores it; while MongoDB
     * is down, again until it takes it (as the router's redelivery would).
     */
    public void publish(String body) throws InterruptedException {
        Document message = KombuMessage.text(APP, body).toDocument(APP);
        while (true) {
            try {
                messages.insertOne(message);
                return;
            } catch (com.mongodb.MongoWriteException e) {
                if (e.getCode() == 11000) {
                    return; // the first attempt did land; its answer was lost
                }
                Thread.sleep(200);
            } catch (MongoException e) {
                Thread.sleep(200);
            }
        }
    }

    public long queued() {
        return messages.countDocuments(Filters.eq("queue", APP));
    }

    public List<Document> deadLetters() {
        return connection.database().getCollection(DeadLetters.COLLECTION).find().into(new ArrayList<>());
    }

    /** Every VM the unit ever had: those there now and those deleted. */
    public List<SimServer> serversEver(String prefix) {
        return Stream.concat(emulators.openstack.servers().stream(), emulators.openstack.deletedServers().stream())
                .filter(s -> InstanceName.belongsTo(s.name(), prefix)).toList();
    }

    public List<SimServer> servers(String prefix) {
        return emulators.openstack.servers().stream().filter(s -> InstanceName.belongsTo(s.name(), prefix)).toList();
    }

    public JobView job(long id) {
        return emulators.github.job(id).orElseThrow();
    }

    public boolean completed(List<Long> jobs) {
        return jobs.stream().allMatch(id -> "completed".equals(job(id).status()));
    }

    /** The manager's consumer processes (its children running {@code consumer}). */
    public static List<ProcessHandle> consumers(long managerPid) {
        return ProcessHandle.of(managerPid).stream().flatMap(ProcessHandle::children)
                .filter(child -> child.info().arguments().map(args -> List.of(args).contains("consumer")).orElse(false))
                .toList();
    }

    @Override
    public void close() {
        connection.close();
        emulators.close();
        mongo.close();
    }
}
