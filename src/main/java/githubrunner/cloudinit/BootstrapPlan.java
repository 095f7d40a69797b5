package githubrunner.cloudinit;

import githubrunner.common.InstanceName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checked settings of one VM's boot scripts, and the template variables made from them.
 * Building it validates every value that reaches a script; the templates only ever see what
 * passed. Variables are plain maps of strings, booleans and numbers (never null): with strict
 * rendering, a missing one is an error.
 */
final class BootstrapPlan {
    static final int APROXY_LISTEN_PORT = 54969;
    static final String TMATE_LOCAL_HOST = "127.0.0.1";
    static final int TMATE_LOCAL_PORT = 3129;
    static final int APT_ATTEMPTS = 7;
    static final int APT_DELAY_SECONDS = 10;
    private static final int MAX_HOSTNAME = 63;
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapPlan.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final String root;
    private final String runnerName;
    private final String hostname;
    private final String labels;
    private final String jitConfig;
    private final Optional<RunnerProxy> proxy;
    private final RedirectRules redirect;
    private final boolean aproxy;
    private final Optional<TmateServerChoice> tmate;
    private final boolean tmateThroughProxy;
    private final String dockerhubMirror;
    private final String otelEndpoint;
    private final String preJobScript;
    private final boolean allowExternalContributor;

    private BootstrapPlan(String root, VmOptions vm, RunnerBootstrap bootstrap) throws UserDataException {
        this.root = root;
        runnerName = bootstrap.runnerName().value();
        hostname = hostname(bootstrap.runnerName());
        List<String> checkedLabels = new ArrayList<>();
        for (String label : bootstrap.labels()) {
            checkedLabels.add(Checks.label(label));
        }
        labels = String.join(", ", checkedLabels);
        jitConfig = Checks.jitConfig(bootstrap.jitConfig().reveal());
        proxy = RunnerProxy.of(vm.runnerProxy());
        redirect = RedirectRules.of(orEmpty(vm.aproxyRedirectPorts()), orEmpty(vm.aproxyExcludeAddresses()));
        aproxy = vm.useAproxy() && proxy.isPresent() && redirect.hasPorts();
        if (vm.useAproxy() && !aproxy) {
            warnOnce("aproxy stays off: it needs a runner proxy and at least one port to redirect");
        }
        tmate = TmateServerChoice.of(vm.tmateServers(), bootstrap.runnerName());
        tmateThroughProxy = tmate.isPresent() && vm.useRunnerProxyForTmate() && proxy.isPresent();
        if (tmate.isPresent() && vm.useRunnerProxyForTmate() && proxy.isEmpty()) {
            warnOnce("use-runner-proxy-for-tmate is set but there is no runner proxy: tmate connects directly");
        }
        dockerhubMirror = blankToNull(vm.dockerhubMirror()) == null ? "" : Checks.dockerhubMirror(vm.dockerhubMirror().strip());
        otelEndpoint = blankToNull(vm.otelCollectorEndpoint()) == null ? "" : Checks.otelEndpoint(vm.otelCollectorEndpoint().strip());
        preJobScript = blankToNull(vm.preJobScript()) == null ? "" : Checks.preJobScript(vm.preJobScript());
        allowExternalContributor = vm.allowExternalContributor();
        if (aproxy && !redirect.skippedIpv6().isEmpty()) {
            warnOnce("aproxy-exclude-addresses: IPv6 entries " + redirect.skippedIpv6() + " skipped, aproxy redirects IPv4 only");
        }
    }

    /** Settings warnings, once per process: the manager renders for every VM it creates. */
    private static void warnOnce(String message) {
        if (WARNED.add(message)) {
            LOG.warn(message);
        }
    }

    /** @param root prefix of every absolute path in the scripts: empty, or a sandbox directory */
    static BootstrapPlan of(String root, VmOptions vm, RunnerBootstrap bootstrap) throws UserDataException {
        return new BootstrapPlan(root, vm, bootstrap);
    }

    Map<String, Object> envVariables() {
        Map<String, Object> variables = common();
        variables.put("proxy_env", proxyEnv());
        Map<String, Object> tmateVariables = new LinkedHashMap<>();
        tmateVariables.put("enabled", tmate.isPresent());
        tmateVariables.put("host", tmate.map(t -> tmateThroughProxy ? TMATE_LOCAL_HOST : t.host()).orElse(""));
        tmateVariables.put("port", tmate.map(t -> tmateThroughProxy ? TMATE_LOCAL_PORT : t.port()).orElse(0));
        tmateVariables.put("rsa_fingerprint", tmate.map(TmateServerChoice::rsaFingerprint).orElse(""));
        tmateVariables.put("ed25519_fingerprint", tmate.map(TmateServerChoice::ed25519Fingerprint).orElse(""));
        variables.put("tmate", tmateVariables);
        return variables;
    }

    Map<String, Object> preJobVariables() {
        Map<String, Object> variables = common();
        variables.put("allow_external_contributor", allowExternalContributor);
        Map<String, Object> script = new LinkedHashMap<>();
        script.put("enabled", !preJobScript.isEmpty());
        Heredoc heredoc = Heredoc.of(preJobScript, "EOF_CUSTOM_SCRIPT");
        script.put("delimiter", heredoc.delimiter());
        script.put("body", heredoc.body());
        variables.put("custom_script", script);
        return variables;
    }

    Map<String, Object> userDataVariables(String env, String preJob) {
        Map<String, Object> variables = common();
        variables.put("runner_name", runnerName);
        variables.put("hostname", hostname);
        variables.put("labels", labels);
        variables.put("jit_config", jitConfig);
        variables.put("env_file", Heredoc.of(env, "EOF_RUNNER_ENV").variables());
        variables.put("pre_job", Heredoc.of(preJob, "EOF_PRE_JOB").variables());
        variables.put("aproxy", aproxyVariables());
        variables.put("proxy_env", proxyEnv());
        variables.put("apt", Map.of("attempts", APT_ATTEMPTS, "delay_seconds", APT_DELAY_SECONDS));
        Map<String, Object> tmateProxy = new LinkedHashMap<>();
        // Written whenever tmate and a proxy are set, as the Python charm does; action-tmate
        // starts it only when the runner's TMATE_SERVER_HOST points at it.
        tmateProxy.put("enabled", tmate.isPresent() && proxy.isPresent());
        tmateProxy.put("listen_host", TMATE_LOCAL_HOST);
        tmateProxy.put("listen_port", TMATE_LOCAL_PORT);
        tmateProxy.put("proxy_host", proxy.map(RunnerProxy::host).orElse(""));
        tmateProxy.put("proxy_port", proxy.map(RunnerProxy::port).orElse(0));
        tmateProxy.put("server_host", tmate.map(TmateServerChoice::host).orElse(""));
        tmateProxy.put("server_port", tmate.map(TmateServerChoice::port).orElse(0));
        variables.put("tmate_proxy", tmateProxy);
        return variables;
    }

    private Map<String, Object> common() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("root", root);
        variables.put("dockerhub_mirror", dockerhubMirror);
        variables.put("otel_endpoint", otelEndpoint);
        return variables;
    }

    /** Classic proxy variables, only when a runner proxy is set and aproxy is not in use. */
    private Map<String, Object> proxyEnv() {
        boolean enabled = proxy.isPresent() && !aproxy;
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("enabled", enabled);
        variables.put("http", enabled && proxy.get().http() != null ? proxy.get().http() : "");
        variables.put("https", enabled && proxy.get().https() != null ? proxy.get().https() : "");
        variables.put("no_proxy", enabled && proxy.get().noProxy() != null ? proxy.get().noProxy() : "");
        return variables;
    }

    private Map<String, Object> aproxyVariables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("enabled", aproxy);
        variables.put("listen_port", APROXY_LISTEN_PORT);
        variables.put("proxy_address", proxy.map(RunnerProxy::address).orElse(""));
        variables.put("redirect_ports", redirect.ports());
        // The proxy must not be redirected to aproxy, or aproxy's own traffic would loop: an
        // IPv4 literal is excluded here, a host name is resolved in the VM.
        String exclude = redirect.exclusions();
        String resolve = "";
        if (proxy.isPresent() && proxy.get().hostIsIpv4()) {
            exclude = exclude + ", " + proxy.get().host();
        } else if (proxy.isPresent() && !proxy.get().hostIsIpv6()) {
            resolve = proxy.get().host();
        }
        variables.put("exclude", exclude);
        variables.put("proxy_host_to_resolve", resolve);
        variables.put("skipped_ipv6", redirect.skippedIpv6());
        return variables;
    }

    /**
     * The runner's name, which makes syslog lines shipped off the VM easy to place. Host names
     * stop at 63 characters: a longer name ({@code <app>-<unit>-<hex>}) keeps its unit number
     * and unique suffix, and loses characters of the application name.
     */
    private static String hostname(InstanceName name) throws UserDataException {
        String value = name.value();
        if (!value.matches("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")) {
            throw new UserDataException("Invalid runner name '" + Checks.printable(value)
                    + "': expected letters, digits and '-'");
        }
        if (value.length() <= MAX_HOSTNAME) {
            return value;
        }
        String prefix = name.prefix();
        int dash = prefix.lastIndexOf('-');
        boolean unitNumber = dash > 0 && prefix.substring(dash + 1).matches("[0-9]+");
        String application = unitNumber ? prefix.substring(0, dash) : prefix;
        String tail = (unitNumber ? prefix.substring(dash) : "") + "-" + name.infix() + name.suffix();
        return application.substring(0, MAX_HOSTNAME - tail.length()).replaceAll("-+$", "") + tail;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
