package githubrunner.sim.simulate;

import githubrunner.sim.github.JobView;
import githubrunner.sim.github.WebhookDelivery;
import githubrunner.sim.openstack.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * With --reactive: how long from a job's message entering the queue to the create request of the
 * VM made for it, read from the emulators' logs only.
 *
 * <p>A message's time is when the router's answer "Job N enqueued for ..." reached the GitHub
 * emulator: the router inserts the message, then answers (the documents carry no time of their
 * own, and are deleted once their job is picked up). A VM's time is when the OpenStack emulator
 * received its successful create request.
 *
 * @param latencies message to VM create, for every message a VM was paired with
 * @param messages messages the router enqueued
 * @param takenByExisting messages whose job a runner took before any VM was paired with it
 * @param neverGotVm messages whose job no runner took and no VM was paired with
 */
record MessageLatency(List<Duration> latencies, int messages, int takenByExisting, int neverGotVm) {
    /** The router's reply to an enqueued job (router.WebhookProcessor); duplicates and others answer otherwise. */
    static final Pattern ENQUEUED = Pattern.compile("Job [0-9]+ enqueued for .*", Pattern.DOTALL);

    MessageLatency {
        latencies = List.copyOf(latencies);
    }

    /** A job's message and when it entered the queue. */
    record Message(long jobId, Instant insertedAt) {}

    static MessageLatency of(List<WebhookDelivery> deliveries, List<RecordedRequest> openstackRequests,
                             List<JobView> jobs, String vmPrefix) {
        List<Message> messages = new ArrayList<>();
        for (WebhookDelivery delivery : deliveries) {
            if ("workflow_job".equals(delivery.event()) && delivery.succeeded()
                    && ENQUEUED.matcher(delivery.response()).matches()) {
                messages.add(new Message(delivery.jobId(), delivery.answeredAt()));
            }
        }
        List<Instant> creates = openstackRequests.stream()
                .filter(r -> "POST".equals(r.method()) && r.path().endsWith("/servers"))
                .filter(r -> r.status() >= 200 && r.status() < 300)
                .filter(r -> r.subject() == null || r.subject().startsWith(vmPrefix + "-"))
                .sorted(Comparator.comparingLong(RecordedRequest::sequence))
                .map(RecordedRequest::at).toList();
        Map<Long, Instant> takenAt = new HashMap<>();
        for (JobView job : jobs) {
            if (job.startedAt() != null) {
                takenAt.put(job.id(), job.startedAt());
            }
        }
        return pair(messages, creates, takenAt);
    }

    /**
     * Pairs each VM create, in the order they came, with the waiting message of the lowest job id,
     * as the manager gives each runner it creates to the open request of the lowest job id
     * (manager.ReactiveRequests#created). Waiting: in the queue before the create, not paired yet,
     * its job not yet taken (a job a runner already runs needs no VM). A create with no waiting
     * message (the base pool, a replacement, a surplus) pairs with none.
     */
    static MessageLatency pair(List<Message> messages, List<Instant> creates, Map<Long, Instant> takenAt) {
        List<Message> unpaired = new ArrayList<>(messages);
        List<Duration> latencies = new ArrayList<>();
        for (Instant create : creates) {
            Message chosen = null;
            for (Message message : unpaired) {
                Instant taken = takenAt.get(message.jobId());
                boolean waiting = !message.insertedAt().isAfter(create) && (taken == null || taken.isAfter(create));
                if (waiting && (chosen == null || message.jobId() < chosen.jobId())) {
                    chosen = message;
                }
            }
            if (chosen != null) {
                unpaired.remove(chosen);
                latencies.add(Duration.between(chosen.insertedAt(), create));
            }
        }
        int taken = (int) unpaired.stream().filter(message -> takenAt.containsKey(message.jobId())).count();
        return new MessageLatency(latencies, messages.size(), taken, unpaired.size() - taken);
    }

    /** The p-th percentile (nearest rank) of the paired messages' latencies, null when none. */
    Duration percentile(int p) {
        return Summary.percentile(latencies, p);
    }

    /** The summary's figures, after "message to VM: ". */
    @Override
    public String toString() {
        if (messages == 0) {
            return "no message was enqueued";
        }
        return "median " + LiveView.seconds(percentile(50)) + ", p95 " + LiveView.seconds(percentile(95)) + ", max "
                + LiveView.seconds(percentile(100)) + " (" + messages + " messages; " + takenByExisting
                + " taken by a runner that already existed" + (neverGotVm == 0 ? "" : "; " + neverGotVm
                + " never got a VM") + ")";
    }
}
