package githubrunner.sim.openstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every emulated VM's SSH endpoint: one MINA SSH server, bound to each VM's own loopback address
 * (the emulator hands out 127.x addresses) on one shared port, so a client connects to
 * {@code <server IP>:<port>} as it would to a real VM's port 22. A connection is served as the
 * VM whose address it reached: that VM's ECDSA host key (whose fingerprint its console shows),
 * user {@code ubuntu} with the VM's keypair only, and a shell that knows one command, the one
 * the manager sends to read a file: {@code test -f F || exit 3; head -c N F}.
 */
final class VmSshServers implements AutoCloseable {
    static final String USER = "ubuntu";
    private static final Pattern READ_FILE = Pattern.compile(
            "test -f (/[A-Za-z0-9._/-]+) \\|\\| exit 3; head -c ([0-9]{1,9}) (/[A-Za-z0-9._/-]+)");
    private static final Logger LOG = LoggerFactory.getLogger(VmSshServers.class);

    /** One VM as its endpoint knows it. */
    record Vm(String serverId, String address, PublicKey authorizedKey, KeyPair hostKey, VmFiles files) {
        String hostKeyFingerprint() {
            return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
        }
    }

    private final int port;
    private final Map<String, Vm> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Vm> byServer = new ConcurrentHashMap<>();
    private final Endpoint server;

    /** Listens first on {@code anchor} (an address no VM gets), so the port stays ours; 0 picks a free one. */
    VmSshServers(String anchor, int requestedPort) throws IOException {
        int chosen = requestedPort;
        if (chosen == 0) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName(anchor), 0));
                chosen = probe.getLocalPort();
            }
        }
        port = chosen;
        server = (Endpoint) ServerBuilder.builder().factory(Endpoint::new).build();
        server.setHost(anchor);
        server.setPort(port);
        server.setKeyPairProvider(new KeyPairProvider() {
            @Override
            public Iterable<KeyPair> loadKeys(SessionContext session) {
                return vmOf(session).map(vm -> List.of(vm.hostKey())).orElse(List.of());
            }
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && vmOf(session).map(vm -> KeyUtils.compareKeys(vm.authorizedKey(), key)).orElse(false));
        server.setCommandFactory((channel, command) -> new ReadFile(vmOf(channel.getSession()).orElse(null), command));
        server.start();
    }

    int port() {
        return port;
    }

    /** Starts serving a VM at its address, for the keypair's public key line ({@code ssh-rsa AAAA... comment}). */
    Vm add(String serverId, String address, String authorizedKeyLine, VmFiles files) {
        try {
            PublicKey authorized = AuthorizedKeyEntry.parseAuthorizedKeyEntry(authorizedKeyLine.strip())
                    .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            Vm vm = new Vm(serverId, address, authorized, hostKey(), files);
            server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            byAddress.put(address, vm);
            byServer.put(serverId, vm);
            return vm;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("VM {} gets no SSH endpoint at {}:{}: {}", serverId, address, port, e.toString());
            return null;
        }
    }

    Optional<Vm> vm(String serverId) {
        return Optional.ofNullable(byServer.get(serverId));
    }

    /** Stops listening at the VM's address; sessions already open end on their own. */
    void remove(String serverId) {
        Vm vm = byServer.remove(serverId);
        if (vm != null) {
            byAddress.remove(vm.address());
            try {
                server.unbind(new InetSocketAddress(InetAddress.getByName(vm.address()), port));
            } catch (IOException | RuntimeException e) {
                LOG.debug("unbind {}: {}", vm.address(), e.toString());
            }
        }
    }

    private Optional<Vm> vmOf(SessionContext context) {
        if (!(context instanceof Session session) || session.getIoSession() == null) {
            return Optional.empty();
        }
        SocketAddress local = session.getIoSession().getLocalAddress();
        if (!(local instanceof InetSocketAddress inet)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byAddress.get(inet.getAddress().getHostAddress()));
    }

    private static KeyPair hostKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** The MINA server, with binding to more addresses after the start. */
    private static final class Endpoint extends SshServer {
        void bind(InetSocketAddress address) throws IOException {
            acceptor.bind(address);
        }

        void unbind(InetSocketAddress address) {
            acceptor.unbind(address);
        }
    }

    /** {@code test -f F || exit 3; head -c N F}: the file's first N bytes, exit 3 if it is not there. */
    private static final class ReadFile implements Command {
        private final Vm vm;
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread worker;

        ReadFile(Vm vm, String command) {
            this.vm = vm;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {}

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            worker = new Thread(this::run, "vm-ssh-command");
            worker.setDaemon(true);
            worker.start();
        }

        private void run() {
            int status;
            try {
                status = answer();
            } catch (IOException e) {
                status = 1;
            } catch (InterruptedException e) {
                return;
            }
            exit.onExit(status);
        }

        private int answer() throws IOException, InterruptedException {
            Matcher matcher = READ_FILE.matcher(command);
            if (vm == null || !matcher.matches() || !matcher.group(1).equals(matcher.group(3))) {
                err.write(("sh: not supported by the emulated VM: " + command + "\n").getBytes());
                err.flush();
                return 127;
            }
            Thread.sleep(vm.files().readDelay().toMillis());
            Optional<byte[]> content = vm.files().read(matcher.group(1));
            if (content.isEmpty()) {
                return 3;
            }
            byte[] bytes = content.get();
            out.write(bytes, 0, Math.min(bytes.length, Integer.parseInt(matcher.group(2))));
            out.flush();
            return 0;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (worker != null) {
                worker.interrupt();
            }
        }
    }
}
