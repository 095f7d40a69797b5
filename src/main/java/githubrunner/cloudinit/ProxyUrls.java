package githubrunner.cloudinit;

/** Proxy URLs for the runner VMs; any may be null. */
public record ProxyUrls(String http, String https, String noProxy) {
    public static final ProxyUrls NONE = new ProxyUrls(null, null, null);

    public boolean isSet() {
        return http != null || https != null;
    }
}
