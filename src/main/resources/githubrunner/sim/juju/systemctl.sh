#!/bin/sh
# systemctl stand-in for a sandboxed unit (juju-local): records every call, and really runs the
# services whose unit files the charm wrote under $GITHUB_RUNNER_ROOT/etc/systemd/system, using
# their ExecStart=, Environment= and StandardOutput=append: lines. User= is ignored: the sandbox
# runs unprivileged. Values in Environment= must not contain spaces.
log=@LOG@
echo "systemctl $*" >> "$log"
units="${GITHUB_RUNNER_ROOT:?}/etc/systemd/system"
state="$GITHUB_RUNNER_ROOT/run/fake-systemd"
mkdir -p "$state"

quiet=false
command=""
unit=""
for arg in "$@"; do
    case "$arg" in
        --quiet|-q) quiet=true ;;
        --now|--no-block) ;;
        *) if [ -z "$command" ]; then command=$arg; else unit=$arg; fi ;;
    esac
done

pid_of() { [ -f "$state/$1.pid" ] && cat "$state/$1.pid"; }
alive() { p=$(pid_of "$1") && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

stop() {
    if alive "$1"; then
        p=$(pid_of "$1")
        kill -TERM "$p"
        i=0
        while kill -0 "$p" 2>/dev/null && [ "$i" -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
        kill -KILL "$p" 2>/dev/null
    fi
    rm -f "$state/$1.pid"
}

start() {
    file="$units/$1"
    if [ ! -f "$file" ]; then
        echo "Failed to start $1: Unit $1 not found." >&2
        return 5
    fi
    exec_start=$(sed -n 's/^ExecStart=//p' "$file")
    out=$(sed -n 's/^StandardOutput=append://p' "$file")
    environment=$(sed -n 's/^Environment=//p' "$file")
    detach=""
    command -v setsid >/dev/null && detach=setsid
    (
        for assignment in $environment; do export "${assignment?}"; done
        # shellcheck disable=SC2086
        exec $detach sh -c "exec $exec_start" >> "${out:-/dev/null}" 2>&1 < /dev/null
    ) &
    echo $! > "$state/$1.pid"
}

case "$command" in
    daemon-reload|enable|disable) ;;
    start) alive "$unit" || start "$unit" ;;
    restart) stop "$unit"; start "$unit" ;;
    stop) stop "$unit" ;;
    is-active)
        if alive "$unit"; then
            $quiet || echo active
        else
            $quiet || echo inactive
            exit 3
        fi ;;
    *) echo "systemctl stand-in: '$command' not supported" >&2; exit 1 ;;
esac
