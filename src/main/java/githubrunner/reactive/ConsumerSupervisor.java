package githubrunner.reactive;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit's consumer processes ({@code github-runner consumer --config FILE}) for its manager:
 * writes their configuration (0600: it holds the credentials, which go on no command line and in
 * no environment), starts N of them with commons-exec, restarts one that exits with a doubling
 * backoff, reports a crash loop, and stops them all (SIGTERM: they give their messages back; SIGKILL
 * after a grace period: the leases lapse). Their stdout and stderr go, line by line, into one
 * size-rotated log per unit. Thread-safe.
 */
public final class ConsumerSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerSupervisor.class);

    /**
     * JVM flags that keep a consumer within its 96 MiB resident budget: a small heap that gives
     * memory back (a message too large to be useful is never fetched), serial GC, C1 only, bounded
     * metaspace, code cache and thread stacks; an out-of-memory error ends the process, and the
     * supervisor restarts it, rather than leaving it wedged. Measured peak RSS with 80 jobs through
     * two consumers: 86.5 MiB on OpenJDK 17, 90.5 MiB on Temurin 25 (idle: 74 and 86 MiB).
     */
    public static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx24m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss512k", "-XX:MaxMetaspaceSize=48m",
            "-XX:ReservedCodeCacheSize=16m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:MaxDirectMemorySize=8m", "-XX:+ExitOnOutOfMemoryError", "-Xshare:auto");

    /**
     * @param configFile where the consumers' configuration is written (0600)
     * @param logFile the unit's consumer log
     * @param logMaxBytes size at which the log is rotated
     * @param logFiles rotated files kept
     * @param command the program before {@code --config FILE}: java, flags, jar, {@code consumer}
     * @param environment added to the supervisor's environment for the consumers (no secrets)
     * @param minBackoff wait before the first restart of a consumer that exited
     * @param maxBackoff the longest wait; the wait doubles with each exit in a row
     * @param stableAfter a consumer that ran this long is healthy again: its next restart waits minBackoff
     * @param crashLoopExits exits within {@code crashLoopWindow} that count as a crash loop
     * @param stopGrace how long consumers get to give their messages back before SIGKILL
     */
    public record Options(Path configFile, Path logFile, long logMaxBytes, int logFiles, List<String> command,
                          Map<String, String> environment, Duration minBackoff, Duration maxBackoff, Duration stableAfter,
                          int crashLoopExits, Duration crashLoopWindow, Duration stopGrace) {
        public Options {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }

        /** 10 MiB logs, 3 old files, the running JVM with {@link #JVM_FLAGS}, backoff 1 s to 5 min, 5 exits in 10 min. */
        public static Options defaults(Path configFile, Path logFile) {
            return new Options(configFile, logFile, 10L * 1024 * 1024, 3, currentJvmCommand(),
                    Map.of("MALLOC_ARENA_MAX", "2"), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(2),
                    5, Duration.ofMinutes(10), Duration.ofSeconds(20));
        }

        public Options withCommand(List<String> newCommand) {
            return new Options(configFile, logFile, logMaxBytes, logFiles, newCommand, environment, minBackoff, maxBackoff,
                    stableAfter, crashLoopExits, crashLoopWindow, stopGrace);
        }

        public Options withBackoff(Duration min, Duration max, Duration stable) {
            return new Options(configFile, logFile, logMaxBytes, logFiles, command, environment, min, max, stable,
                    crashLoopExits, crashLoopWindow, stopGrace);
        }

        public Options withEnvironment(Map<String, String> added) {
            return new Options(configFile, logFile, logMaxBytes, logFiles, command, added, minBackoff, maxBackoff,
                    stableAfter, crashLoopExits, crashLoopWindow, stopGrace);
        }

        public Options withLog(long maxBytes, int files) {
            return new Options(configFile, logFile, maxBytes, files, command, environment, minBackoff, maxBackoff,
                    stableAfter, crashLoopExits, crashLoopWindow, stopGrace);
        }
    }

    /**
     * One consumer slot.
     *
     * @param pid the running process, or -1 between a crash and its restart
     * @param exits how often its process exited unasked
     * @param lastExitCode the last such exit's code, or null
     * @param rssKiB resident memory of the running process (from /proc), or -1
     */
    public record ConsumerState(int index, long pid, Instant startedAt, int exits, Integer lastExitCode, long rssKiB) {
        public boolean running() {
            return pid > 0;
        }
    }

    /**
     * @param crashLoop consumers keep exiting ({@code problem} says how)
     * @param problem for a status line, or null
     */
    public record Status(int wanted, int running, boolean crashLoop, String problem, List<ConsumerState> consumers) {}

    private final Options options;
    private final Clock clock;
    private final RotatingLog log;
    private final ScheduledExecutorService restarts;
    private final Map<Integer, Slot> slots = new HashMap<>();
    private final Deque<Instant> recentExits = new ArrayDeque<>();
    private boolean stopping;
    private Integer lastExitCode;

    private final class Slot {
        final int index;
        Process process;
        /** Completes once the process exited and its output is in the log. */
        java.util.concurrent.CompletableFuture<Integer> finished = new java.util.concurrent.CompletableFuture<>();
        Instant startedAt;
        int exits;
        int exitsInARow;
        Integer lastExitCode;
        ScheduledFuture<?> pendingRestart;
        long generation;

        Slot(int index) {
            this.index = index;
        }
    }

    public ConsumerSupervisor(Options options, Clock clock) throws IOException {
        this.options = options;
        this.clock = clock;
        this.log = new RotatingLog(options.logFile(), options.logMaxBytes(), options.logFiles(), clock);
        this.restarts = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "consumer-supervisor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The running JVM and jar: {@code java JVM_FLAGS -jar <this jar> consumer}. */
    public static List<String> currentJvmCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", jarPath().toString(), "consumer"));
        return command;
    }

    private static Path jarPath() {
        try {
            return Path.of(ConsumerSupervisor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the github-runner jar", e);
        }
    }

    /**
     * Writes {@code config} and runs {@code count} consumers with it; consumers already running
     * are stopped first (they give their messages back), so this is also how a new configuration
     * (rotated MongoDB credentials) is applied.
     */
    public void start(ConsumerConfig config, int count) throws IOException, InterruptedException {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count);
        }
        stop();
        ConsumerConfigFile.write(options.configFile(), config);
        synchronized (this) {
            stopping = false;
            recentExits.clear();
            lastExitCode = null;
            for (int i = 1; i <= count; i++) {
                Slot slot = new Slot(i);
                slots.put(i, slot);
                launch(slot);
            }
        }
        log.note("started " + count + " consumers for queue " + config.mongodb().queue());
    }

    /**
     * Stops every consumer: SIGTERM, then SIGKILL for those still running after the grace period.
     * Returns once all have exited. Nothing is restarted until the next {@link #start}.
     */
    public void stop() throws InterruptedException {
        List<Process> running = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<Integer>> finishing = new ArrayList<>();
        synchronized (this) {
            stopping = true;
            for (Slot slot : slots.values()) {
                if (slot.pendingRestart != null) {
                    slot.pendingRestart.cancel(false);
                }
                if (slot.process != null && slot.process.isAlive()) {
                    running.add(slot.process);
                    finishing.add(slot.finished);
                }
            }
            slots.clear();
        }
        // Process.destroy() would also close the pipes, losing the consumers' last lines ("given back ...").
        running.forEach(process -> process.toHandle().destroy());
        Instant deadline = clock.instant().plus(options.stopGrace());
        for (Process process : running) {
            long left = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            if (!process.waitFor(left, TimeUnit.MILLISECONDS)) {
                log.note("consumer pid " + process.pid() + " did not stop within " + options.stopGrace().toSeconds()
                        + " s; killed (its leases lapse)");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (var done : finishing) {
            try {
                done.get(10, TimeUnit.SECONDS); // their last lines reach the log
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("consumer output not drained: {}", e.toString());
            }
        }
        if (!running.isEmpty()) {
            log.note("stopped " + running.size() + " consumers");
        }
    }

    public synchronized Status status() {
        List<ConsumerState> states = new ArrayList<>();
        int running = 0;
        for (Slot slot : slots.values().stream().sorted((a, b) -> Integer.compare(a.index, b.index)).toList()) {
            boolean alive = slot.process != null && slot.process.isAlive();
            running += alive ? 1 : 0;
            long pid = alive ? slot.process.pid() : -1;
            states.add(new ConsumerState(slot.index, pid, slot.startedAt, slot.exits, slot.lastExitCode,
                    alive ? rssKiB(pid) : -1));
        }
        pruneExits();
        boolean loop = recentExits.size() >= options.crashLoopExits();
        String problem = loop ? "reactive consumers crash-looping: " + recentExits.size() + " exits in "
                + options.crashLoopWindow().toMinutes() + " min, last exit code " + lastExitCode
                + " (see " + options.logFile() + ")" : null;
        return new Status(slots.size(), running, loop, problem, List.copyOf(states));
    }

    /** Resident memory of a process from /proc, or -1. */
    public static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        restarts.shutdownNow();
        try {
            log.close();
        } catch (IOException e) {
            LOG.debug("closing the consumer log: {}", e.getMessage());
        }
    }

    /** Starts the slot's process; called with the monitor held. */
    private void launch(Slot slot) {
        long generation = ++slot.generation;
        var finished = new java.util.concurrent.CompletableFuture<Integer>();
        slot.finished = finished;
        CommandLine command = new CommandLine(options.command().get(0));
        options.command().subList(1, options.command().size()).forEach(arg -> command.addArgument(arg, false));
        command.addArgument("--config", false);
        command.addArgument(options.configFile().toString(), false);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put(ConsumerMain.MANAGER_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
        environment.putAll(options.environment());
        OutputStream out = log.lines();
        OutputStream err = log.lines();
        CapturingExecutor executor = new CapturingExecutor();
        executor.setStreamHandler(new PumpStreamHandler(out, err));
        executor.setExitValues(null); // every exit is reported to the handler, none thrown
        try {
            executor.execute(command, environment, new ExecuteResultHandler() {
                @Override
                public void onProcessComplete(int exitValue) {
                    finished.complete(exitValue);
                    exited(slot, generation, exitValue);
                }

                @Override
                public void onProcessFailed(ExecuteException e) {
                    finished.complete(e.getExitValue());
                    exited(slot, generation, e.getExitValue());
                }
            });
            slot.process = executor.awaitProcess();
            slot.startedAt = clock.instant();
            log.note("consumer-" + slot.index + " started, pid " + (slot.process == null ? "?" : slot.process.pid()));
        } catch (IOException | RuntimeException e) {
            log.note("consumer-" + slot.index + " could not start: " + e.getMessage());
            finished.complete(-1);
            exited(slot, generation, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void exited(Slot slot, long generation, int code) {
        if (slot.generation != generation || stopping || slots.get(slot.index) != slot) {
            return; // asked to stop, or an old process of a restarted slot
        }
        Instant now = clock.instant();
        boolean stable = slot.startedAt != null
                && Duration.between(slot.startedAt, now).compareTo(options.stableAfter()) >= 0;
        slot.exitsInARow = stable ? 1 : slot.exitsInARow + 1;
        slot.exits++;
        slot.lastExitCode = code;
        slot.process = null;
        lastExitCode = code;
        recentExits.addLast(now);
        pruneExits();
        long shift = Math.min(slot.exitsInARow - 1, 20);
        long millis = options.minBackoff().toMillis() << shift;
        Duration backoff = millis > options.maxBackoff().toMillis() ? options.maxBackoff() : Duration.ofMillis(millis);
        String message = "consumer-" + slot.index + " exited with code " + code + "; restart in " + backoff.toMillis() + " ms";
        log.note(message);
        if (recentExits.size() >= options.crashLoopExits()) {
            LOG.error("{} ({} exits in {} min: crash loop)", message, recentExits.size(), options.crashLoopWindow().toMinutes());
        } else {
            LOG.warn(message);
        }
        slot.pendingRestart = restarts.schedule(() -> {
            synchronized (this) {
                if (!stopping && slots.get(slot.index) == slot) {
                    slot.pendingRestart = null;
                    launch(slot);
                }
            }
        }, backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pruneExits() {
        Instant horizon = clock.instant().minus(options.crashLoopWindow());
        while (!recentExits.isEmpty() && recentExits.peekFirst().isBefore(horizon)) {
            recentExits.removeFirst();
        }
    }

    /** commons-exec keeps the Process to itself; this executor hands it over for the pid and signals. */
    private static final class CapturingExecutor extends DefaultExecutor {
        private final java.util.concurrent.CompletableFuture<Process> launched = new java.util.concurrent.CompletableFuture<>();

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, File dir) throws IOException {
            try {
                return launched(super.launch(command, env, dir));
            } catch (IOException | RuntimeException e) {
                launched.completeExceptionally(e);
                throw e;
            }
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, Path dir) throws IOException {
            try {
                return launched(super.launch(command, env, dir));
            } catch (IOException | RuntimeException e) {
                launched.completeExceptionally(e);
                throw e;
            }
        }

        private Process launched(Process process) {
            launched.complete(Objects.requireNonNull(process));
            return process;
        }

        Process awaitProcess() throws InterruptedException, IOException {
            try {
                return launched.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("the consumer process did not start: " + e.getCause().getMessage(), e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("the consumer process did not start within 30 s", e);
            }
        }
    }
}
