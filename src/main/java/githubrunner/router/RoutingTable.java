package githubrunner.router;

import githubrunner.contract.RoutingRules;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which queue a job goes to, with the Python router's semantics (peers.md §A.5): the job's labels,
 * lower-cased and without the default labels, must all be labels of one flavour; the first flavour
 * listed wins; no label left means the default flavour. Instead of the Python table of every label
 * combination (2^n - 1 keys per flavour), each label maps to the set of flavours that have it, and
 * a job's flavours are the intersection: linear in the job's labels, whatever the flavours hold.
 */
final class RoutingTable {
    private final List<String> flavours;
    private final Map<String, BitSet> flavoursByLabel = new HashMap<>();
    private final String defaultFlavour;

    RoutingTable(RoutingRules rules) {
        flavours = rules.flavours().stream().map(RoutingRules.Flavour::name).toList();
        for (int i = 0; i < rules.flavours().size(); i++) {
            for (String label : rules.flavours().get(i).labels()) {
                flavoursByLabel.computeIfAbsent(label, key -> new BitSet()).set(i);
            }
        }
        defaultFlavour = rules.defaultFlavour();
    }

    /** The flavour for these labels (already lower-cased, defaults removed), or empty if none has them all. */
    Optional<String> route(Set<String> labels) {
        if (labels.isEmpty()) {
            return Optional.of(defaultFlavour);
        }
        BitSet candidates = null;
        for (String label : labels) {
            BitSet having = flavoursByLabel.get(label);
            if (having == null) {
                return Optional.empty();
            }
            if (candidates == null) {
                candidates = (BitSet) having.clone();
            } else {
                candidates.and(having);
            }
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(flavours.get(candidates.nextSetBit(0)));
    }

    /** Every queue a job can be routed to: the flavours and the default one. */
    Set<String> queues() {
        java.util.LinkedHashSet<String> queues = new java.util.LinkedHashSet<>(flavours);
        queues.add(defaultFlavour);
        return queues;
    }
}
