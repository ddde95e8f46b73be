#!/usr/bin/env bash
# Starts (if needed) and checks the local brokers the integration tests use.
# Sourced by .ci/run; can also be run directly: bash .ci/brokers.sh
#
# Each broker: a name, a host:port to probe, and the command that starts it on this machine kind
# (Debian packages, started as root). A broker that cannot be reached after its start command is
# a hard failure with a message saying which and how to start it.

port_open() { # host port
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && exec 3>&- 3<&-
}

wait_for() { # name host port seconds
    local name=$1 host=$2 port=$3 seconds=$4
    for _ in $(seq 1 $((seconds * 4))); do
        port_open "$host" "$port" && return 0
        sleep 0.25
    done
    echo "ERROR: $name is not reachable on $host:$port after ${seconds}s." >&2
    return 1
}

# name|port|start command[|seconds to wait, 30 by default]
AMB_BROKERS=(
    'Redis|6379|redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log'
    'NATS with JetStream|4222|start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log'
    'RabbitMQ|5672|rabbitmq-server -detached|90'
)

ensure_brokers() {
    local entry name port start seconds
    for entry in "${AMB_BROKERS[@]}"; do
        IFS='|' read -r name port start seconds <<<"$entry"
        seconds=${seconds:-30}
        if port_open 127.0.0.1 "$port"; then
            echo "ci: $name is up on 127.0.0.1:$port"
            continue
        fi
        echo "ci: $name is down; starting it: $start"
        if ! bash -c "$start"; then
            echo "ERROR: could not start $name with: $start" >&2
            exit 1
        fi
        if ! wait_for "$name" 127.0.0.1 "$port" "$seconds"; then
            echo "ERROR: the integration tests need $name on 127.0.0.1:$port; start it with: $start" >&2
            exit 1
        fi
        echo "ci: $name started on 127.0.0.1:$port"
    done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    ensure_brokers
fi
