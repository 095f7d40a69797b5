package githubrunner.router;

/** A webhook answer: outcome (status, metric) and a short plain-text reason GitHub shows in the delivery log. */
record Reply(Outcome outcome, String text) {
    int status() {
        return outcome.status();
    }
}
