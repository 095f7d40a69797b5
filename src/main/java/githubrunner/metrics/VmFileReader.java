package githubrunner.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a VM's metrics-exchange files over SSH, as {@code ubuntu} with the VM's own key, right
 * before the VM is deleted. Best effort and bounded: connect, authentication and each file have
 * timeouts, the whole VM a deadline, each file at most {@link MetricsFile#MAX_BYTES} (the VM
 * side stops at one byte more, the reader stops reading there). Any failure means fewer or no
 * metrics, never an exception: the deletion goes on.
 *
 * <p>Only public-key authentication with the given key; no agent, no ~/.ssh files, no
 * forwarding. The host key is checked against the fingerprints the console showed when they
 * are known, otherwise accepted (see docs/OBSERVABILITY.md: what is and is not verified).
 * Thread-safe: one client serves every deletion.
 */
public final class VmFileReader implements AutoCloseable {
    static final String USER = "ubuntu";
    /** Exit status of {@link #command} when the file does not exist. */
    static final int ABSENT_STATUS = 3;
    private static final AttributeRepository.AttributeKey<Set<String>> HOST_KEYS = new AttributeRepository.AttributeKey<>();
    private static final Logger LOG = LoggerFactory.getLogger(VmFileReader.class);

    private final SshSettings settings;
    private SshClient client;

    public VmFileReader(SshSettings settings) {
        this.settings = settings;
    }

    /** The command that prints one file, at most one byte over the limit; exit 3 if it is not there. */
    static String command(MetricsFile file) {
        return "test -f " + file.path() + " || exit " + ABSENT_STATUS + "; head -c " + (MetricsFile.MAX_BYTES + 1)
                + " " + file.path();
    }

    /** Every file it can get within the deadline; a VM that cannot be reached gives {@link PulledFiles#failed}. */
    public PulledFiles pull(VmTarget vm) {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        KeyPair key;
        try {
            key = loadKey(vm.privateKey());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return PulledFiles.failed("private key unreadable: " + e.getClass().getSimpleName());
        }
        String lastFailure = "no address";
        for (String address : vm.addresses()) {
            if (System.nanoTime() >= deadline) {
                return PulledFiles.failed("deadline passed");
            }
            try (ClientSession session = open(address, vm.hostKeys(), key, deadline)) {
                return readAll(session, deadline);
            } catch (IOException | RuntimeException e) {
                lastFailure = address + ": " + describe(e);
                LOG.debug("metrics of {}: {}", vm.name(), lastFailure);
            }
        }
        return PulledFiles.failed(lastFailure);
    }

    private ClientSession open(String address, Set<String> hostKeys, KeyPair key, long deadline) throws IOException {
        SshClient ssh = client();
        ProxyCommandRelay relay = null;
        String host = address;
        int port = settings.port();
        if (!settings.proxyCommand().isEmpty()) {
            relay = ProxyCommandRelay.start(settings.proxyCommand(), address, settings.port(), USER,
                    bounded(settings.connectTimeout(), deadline));
            host = "127.0.0.1";
            port = relay.port();
        }
        ClientSession session = null;
        try {
            ConnectFuture connecting = ssh.connect(USER, host, port, AttributeRepository.ofKeyValuePair(HOST_KEYS, hostKeys),
                    null);
            session = connecting.verify(bounded(settings.connectTimeout(), deadline)).getSession();
            if (relay != null) {
                ProxyCommandRelay closing = relay;
                session.addCloseFutureListener(future -> closing.close());
            }
            session.addPublicKeyIdentity(key);
            session.auth().verify(bounded(settings.commandTimeout(), deadline));
            return session;
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            if (relay != null) {
                relay.close();
            }
            throw e;
        }
    }

    private PulledFiles readAll(ClientSession session, long deadline) {
        PulledFiles files = PulledFiles.connected();
        for (MetricsFile file : MetricsFile.values()) {
            try {
                read(session, file, files, deadline);
            } catch (IOException | RuntimeException e) {
                files.without(file, PulledFiles.Missing.UNREADABLE);
                LOG.debug("metrics file {} unreadable: {}", file.fileName(), describe(e));
            }
        }
        return files;
    }

    private void read(ClientSession session, MetricsFile file, PulledFiles files, long deadline) throws IOException {
        Bounded out = new Bounded(MetricsFile.MAX_BYTES + 1);
        try (ChannelExec channel = session.createExecChannel(command(file))) {
            channel.setOut(out);
            channel.setErr(OutputStream.nullOutputStream());
            channel.open().verify(bounded(settings.commandTimeout(), deadline));
            out.onFull(() -> channel.close(true));
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                    bounded(settings.commandTimeout(), deadline));
            if (out.overflowed()) {
                files.without(file, PulledFiles.Missing.TOO_LARGE);
                return;
            }
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                files.without(file, PulledFiles.Missing.UNREADABLE);
                return;
            }
            Integer status = channel.getExitStatus();
            if (status != null && status == ABSENT_STATUS) {
                files.without(file, PulledFiles.Missing.ABSENT);
            } else if (status != null && status == 0) {
                files.with(file, out.bytes());
            } else {
                files.without(file, PulledFiles.Missing.UNREADABLE);
            }
        }
    }

    private static KeyPair loadKey(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.getFileName()
                    .toString()), in, null);
            Iterator<KeyPair> first = keys == null ? null : keys.iterator();
            if (first == null || !first.hasNext()) {
                throw new GeneralSecurityException("no key in the file");
            }
            return first.next();
        }
    }

    private synchronized SshClient client() {
        if (client == null) {
            SshClient ssh = SshClient.setUpDefaultClient();
            ssh.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
            ssh.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            ssh.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            ssh.setServerKeyVerifier(VmFileReader::verifyHostKey);
            ssh.start();
            client = ssh;
        }
        return client;
    }

    /** The console's fingerprints when known; a VM with none printed is accepted (and the log says so). */
    private static boolean verifyHostKey(ClientSession session, SocketAddress remote, PublicKey key) {
        AttributeRepository context = session.getConnectionContext();
        Set<String> expected = context == null ? null : context.getAttribute(HOST_KEYS);
        String fingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
        if (expected == null || expected.isEmpty()) {
            LOG.debug("host key {} of {} accepted unverified: no fingerprints on the console", fingerprint, remote);
            return true;
        }
        if (expected.contains(fingerprint)) {
            return true;
        }
        LOG.warn("host key {} of {} is not among the fingerprints the VM's console showed: not reading its metrics",
                fingerprint, remote);
        return false;
    }

    private static Duration bounded(Duration timeout, long deadline) {
        long left = Math.max(1, deadline - System.nanoTime());
        return Duration.ofNanos(Math.min(timeout.toNanos(), left));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + VmMetrics.printable(message));
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.stop();
            client = null;
        }
    }

    /** Keeps the first {@code limit} bytes; at the limit it stops the channel. */
    private static final class Bounded extends OutputStream {
        private final byte[] buffer;
        private int size;
        private volatile Runnable whenFull = () -> {};
        private volatile boolean full;

        Bounded(int limit) {
            buffer = new byte[limit];
        }

        void onFull(Runnable action) {
            whenFull = action;
            if (full) {
                action.run();
            }
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            boolean reachedLimit;
            synchronized (this) {
                int room = buffer.length - size;
                int taken = Math.min(room, length);
                System.arraycopy(data, offset, buffer, size, taken);
                size += taken;
                reachedLimit = size == buffer.length && !full;
                if (reachedLimit) {
                    full = true;
                }
            }
            if (reachedLimit) {
                whenFull.run();
            }
        }

        boolean overflowed() {
            return full;
        }

        synchronized byte[] bytes() {
            return java.util.Arrays.copyOf(buffer, size);
        }
    }
}
