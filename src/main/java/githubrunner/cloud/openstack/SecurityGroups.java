package githubrunner.cloud.openstack;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.openstack4j.api.Builders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shared security group {@code github-runner-v1} and its rules: found, or created once. */
final class SecurityGroups {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityGroups.class);

    private final CloudContext cx;
    private volatile String securityGroupId;
    /** After an ambiguous group create, until when (System.nanoTime) another create could duplicate it. */
    private volatile long groupCreateInFlightUntil = System.nanoTime();

    SecurityGroups(CloudContext cx) {
        this.cx = cx;
    }

    /**
     * Makes sure the group exists with its rules. Idempotent: when all is in place it only looks
     * (one list call). Rules are added, never removed.
     */
    synchronized void ensure() throws CloudException {
        Wire.SecurityGroup group = find();
        if (group == null) {
            group = create();
        }
        for (SecurityGroupSpec.RuleSpec rule : SecurityGroupSpec.missing(group.rules())) {
            createRule(group.id(), rule);
        }
        securityGroupId = group.id();
    }

    /** The group's id, ensuring the group on first use. */
    String id() throws CloudException {
        String cached = securityGroupId;
        if (cached == null) {
            ensure();
            cached = securityGroupId;
        }
        return cached;
    }

    /**
     * Several groups of that name can exist (units racing to create it): all units pick the one
     * with the smallest id, so they converge on the same group.
     */
    private Wire.SecurityGroup find() throws CloudException {
        String operation = "find security group " + SecurityGroupSpec.NAME;
        Wire.SecurityGroupList list = cx.calls().idempotent("security_groups.list", operation,
                attempt -> cx.neutron().findSecurityGroups(SecurityGroupSpec.NAME, operation));
        if (list.groups() == null) {
            throw new InvalidResponseException(operation, 200, "no 'security_groups' list", null);
        }
        List<Wire.SecurityGroup> named = list.groups().stream()
                .filter(g -> g != null && g.id() != null && SecurityGroupSpec.NAME.equals(g.name()))
                .sorted(Comparator.comparing(Wire.SecurityGroup::id))
                .toList();
        if (named.size() > 1) {
            LOG.warn("{} security groups are named {}; using {}", named.size(), SecurityGroupSpec.NAME, named.get(0).id());
        }
        return named.isEmpty() ? null : named.get(0);
    }

    /**
     * Creates the group once. Neutron does not refuse a second group of the same name, so after a
     * create that got no answer (it may still land) no new create is sent for a while: three read
     * timeouts, by the real clock, as it is about requests in flight.
     */
    private Wire.SecurityGroup create() throws CloudException {
        String operation = "create security group " + SecurityGroupSpec.NAME;
        long wait = groupCreateInFlightUntil - System.nanoTime();
        if (wait > 0) {
            // Callers wait for the end of the fence, not for a backoff that grows with every refusal.
            throw new CloudTimeoutException(operation, 0, "an earlier create may still be in progress; not sending "
                    + "another for " + Duration.ofNanos(wait).toSeconds() + " s", null)
                    .retryAt(cx.options().clock().instant().plusNanos(wait));
        }
        try {
            Wire.SecurityGroup group = cx.calls().once("security_groups.create", operation,
                    attempt -> cx.neutron().createSecurityGroup(Builders.securityGroup().name(SecurityGroupSpec.NAME)
                            .description(SecurityGroupSpec.DESCRIPTION).build(), operation));
            LOG.info("Created security group {} ({})", SecurityGroupSpec.NAME, group.id());
            return group;
        } catch (CloudException e) {
            if (e.kind().isAmbiguous()) {
                Wire.SecurityGroup found = find(); // did it get created after all?
                if (found != null) {
                    return found;
                }
                if (e.httpStatus() == 0) {
                    // No answer: the request may still be on its way. An answered error is over, and
                    // the lookup just made is its outcome (a rare duplicate converges on the smallest id).
                    groupCreateInFlightUntil = System.nanoTime() + cx.options().readTimeout().multipliedBy(3).toNanos();
                }
            }
            throw e;
        }
    }

    private void createRule(String groupId, SecurityGroupSpec.RuleSpec rule) throws CloudException {
        String operation = "add rule " + rule + " to security group " + SecurityGroupSpec.NAME;
        try {
            Wire.Rule created = cx.calls().once("security_group_rules.create", operation,
                    attempt -> cx.neutron().createRule(rule.toRequest(groupId), operation));
            LOG.info("{}: {}", operation, created == null ? "already there" : "added");
        } catch (CloudException e) {
            if (e.kind().isAmbiguous()) {
                String lookup = "list rules of security group " + SecurityGroupSpec.NAME;
                Wire.RuleList rules = cx.calls().idempotent("security_group_rules.list", lookup,
                        attempt -> cx.neutron().rulesOf(groupId, lookup));
                if (rules.rules() != null && rules.rules().stream().anyMatch(rule::isSatisfiedBy)) {
                    return;
                }
            }
            throw e;
        }
    }
}
