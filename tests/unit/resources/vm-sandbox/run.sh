#!/bin/sh
# Stand-in for the runner's run.sh. Records its arguments and the directory it runs in. When
# SANDBOX_EVENT_NAME is set, it runs the job-started hook named in .env, as the runner does
# before a job, with that event's payload. Exits with $SANDBOX_RUNNER_EXIT.
printf '%s\037' run.sh "$@" >> "$SANDBOX_CALLS" && printf '\036\n' >> "$SANDBOX_CALLS"
pwd > "$SANDBOX_DIR/run.sh.cwd"
if [ -n "${SANDBOX_EVENT_NAME:-}" ]; then
    hook=$(sed -n 's/^ACTIONS_RUNNER_HOOK_JOB_STARTED=//p' .env)
    GITHUB_EVENT_NAME=$SANDBOX_EVENT_NAME GITHUB_EVENT_PATH=$SANDBOX_EVENT_PATH bash "$hook"
    echo "$?" > "$SANDBOX_DIR/hook.exit"
fi
exit "${SANDBOX_RUNNER_EXIT:-0}"
