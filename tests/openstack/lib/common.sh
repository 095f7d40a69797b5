# shellcheck shell=bash
# Shared by tests/openstack/up and down (sourced, bash).
# The state directory holds everything the test cloud has: configuration, data, logs, pid
# files, clouds.yaml files and the env file the tests read. 0700: it holds passwords.

STATE="${OPENSTACK_STATE:-/tmp/github-runner-openstack}"
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

# Stops one service: its whole process group (each was started in a session of its own, so
# its workers go with it), TERM first, KILL after 15 s.
stop_service() {
    local name="$1" pid i
    [ -f "$RUN/$name.pid" ] || return 0
    pid=$(cat "$RUN/$name.pid")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 150); do
            kill -0 "$pid" 2>/dev/null || break
            [ "$i" -eq 150 ] || sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        fi
        # the group may outlive its leader by a moment (workers finishing)
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$RUN/$name.pid"
}

stop_all() {
    local name reversed=""
    for name in $SERVICES; do
        reversed="$name $reversed"
    done
    for name in $reversed; do
        stop_service "$name"
    done
}
