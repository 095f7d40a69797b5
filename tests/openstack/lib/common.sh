# shellcheck shell=bash
# Shared by tests/openstack/up and down (sourced, bash).
# The state directory holds everything the test cloud has: configuration, data, logs, pid
# files, clouds.yaml files and the env file the tests read. 0700: it holds passwords.

# The state directory: the scripts' first argument, else $OPENSTACK_STATE, else the default.
STATE="${STATE_ARG:-${OPENSTACK_STATE:-/tmp/github-runner-openstack}}"
# shellcheck disable=SC2034 # used by up
LOG="$STATE/log"
RUN="$STATE/run"

# Services in start order; down stops them in reverse.
SERVICES="mariadb epmd rabbitmq keystone placement glance neutron nova-api nova-conductor nova-scheduler nova-compute"

say() {
    printf '[%3ds] %s\n' "$SECONDS" "$*"
}

die() {
    printf 'openstack: %s\n' "$*" >&2
    exit 1
}

# True when the service's recorded process is alive.
running() {
    local pid
    [ -f "$RUN/$1.pid" ] || return 1
    pid=$(cat "$RUN/$1.pid")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# Stops every service: each process group (every service was started in a session of its
# own, so its workers go with it) gets TERM, then KILL after 10 s. The data is thrown away, so
# there is no point waiting for graceful shutdowns (oslo.service would wait 60 s).
# True when the directory is one that up made (so it may be stopped and removed).
is_state() {
    [ -f "$1/timings" ] || [ -d "$1/run" ]
}

stop_all() {
    local name pid alive i pids=""
    for name in $SERVICES; do
        [ -f "$RUN/$name.pid" ] || continue
        pid=$(cat "$RUN/$name.pid")
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
            pids="$pids $pid"
        fi
    done
    for i in $(seq 1 100); do
        alive=""
        for pid in $pids; do
            if kill -0 "$pid" 2>/dev/null; then
                alive="$alive $pid"
            fi
        done
        [ -n "$alive" ] || break
        [ "$i" -eq 100 ] || sleep 0.1
    done
    for pid in $pids; do
        # the group may outlive its leader (workers finishing): KILL whatever is left of it
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    for name in $SERVICES; do
        rm -f "$RUN/$name.pid"
    done
}
