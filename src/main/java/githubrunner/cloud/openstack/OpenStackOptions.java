package githubrunner.cloud.openstack;

import java.net.ProxySelector;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the OpenStack client; {@link #defaults()} suits production.
 *
 * @param connectTimeout per connection attempt
 * @param readTimeout per read on the socket (openstack4j's okhttp connector has no whole-call timeout)
 * @param retry how idempotent calls are retried
 * @param clock "now" for keypair ages and token expiry; tests inject their own
 * @param minKeypairAge an orphan keypair younger than this is left alone (a create may be in progress)
 * @param maxListPages guard against a cloud that keeps sending "next" links
 * @param proxy which HTTP proxy each OpenStack URL goes through (the model's proxy settings); null
 *     for none. Only HTTP proxies are used: a SOCKS choice means direct
 */
public record OpenStackOptions(Duration connectTimeout, Duration readTimeout, RetryPolicy retry, Clock clock,
                               Duration minKeypairAge, int maxListPages, ProxySelector proxy) {

    public OpenStackOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(minKeypairAge, "minKeypairAge");
        if (connectTimeout.isZero() || connectTimeout.isNegative() || readTimeout.isZero() || readTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive: every call has one");
        }
        if (maxListPages < 1) {
            throw new IllegalArgumentException("maxListPages must be positive");
        }
    }

    public static OpenStackOptions defaults() {
        return new OpenStackOptions(Duration.ofSeconds(10), Duration.ofSeconds(60), RetryPolicy.defaults(),
                Clock.systemUTC(), Duration.ofSeconds(60), 100, null);
    }

    public OpenStackOptions withTimeouts(Duration connect, Duration read) {
        return new OpenStackOptions(connect, read, retry, clock, minKeypairAge, maxListPages, proxy);
    }

    public OpenStackOptions withRetry(RetryPolicy policy) {
        return new OpenStackOptions(connectTimeout, readTimeout, policy, clock, minKeypairAge, maxListPages, proxy);
    }

    public OpenStackOptions withClock(Clock newClock) {
        return new OpenStackOptions(connectTimeout, readTimeout, retry, newClock, minKeypairAge, maxListPages, proxy);
    }

    public OpenStackOptions withMinKeypairAge(Duration age) {
        return new OpenStackOptions(connectTimeout, readTimeout, retry, clock, age, maxListPages, proxy);
    }

    /** @param selector the proxy per URL, or null to go direct */
    public OpenStackOptions withProxy(ProxySelector selector) {
        return new OpenStackOptions(connectTimeout, readTimeout, retry, clock, minKeypairAge, maxListPages, selector);
    }
}
