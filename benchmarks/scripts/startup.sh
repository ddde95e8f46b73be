#!/usr/bin/env bash
# Start-up time and heap after start-up of the sample worker agent (issue 18 item 4).
#
#   ./mvnw -B -q -pl sample-worker-agent -am package -DskipTests
#   benchmarks/scripts/startup.sh [runs] [extra agent arguments...]
#
# Each run starts the executable jar as a user would (in-memory bus unless AMB_BROKER says
# otherwise, Actuator on a random port), waits for Spring Boot's "Started ... in X seconds" line,
# forces a full GC and prints the heap in use, then stops the agent. Prints one markdown row per
# run and the median start-up time.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
shift || true
jar=$(ls sample-worker-agent/target/sample-worker-agent-*-exec.jar 2>/dev/null | head -1)
if [[ -z "$jar" ]]; then
    echo "Build the agent first: ./mvnw -B -q -pl sample-worker-agent -am package -DskipTests" >&2
    exit 2
fi
echo "| run | started in (s) | JVM running for (s) | heap used after full GC (MB) |"
echo "|---|---:|---:|---:|"
times=()
for run in $(seq 1 "$runs"); do
    log=$(mktemp)
    java -jar "$jar" "$@" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do
        if grep -q "Started WorkerAgentApplication" "$log" || ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    line=$(grep -o "Started WorkerAgentApplication in [0-9.]* seconds (process running for [0-9.]*)" "$log" || true)
    if [[ -z "$line" ]]; then
        echo "run $run: the agent did not start; its log:" >&2
        cat "$log" >&2
        kill "$pid" 2>/dev/null || true
        exit 1
    fi
    started=$(sed -E 's/.* in ([0-9.]+) seconds.*/\1/' <<<"$line")
    running=$(sed -E 's/.*running for ([0-9.]+)\)/\1/' <<<"$line")
    jcmd "$pid" GC.run >/dev/null
    used_kb=$(jcmd "$pid" GC.heap_info | grep -oE "used [0-9]+K" | head -1 | grep -oE "[0-9]+")
    echo "| $run | $started | $running | $((used_kb / 1024)) |"
    times+=("$running")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo
echo "median time to ready (JVM start to started): $median s over $runs runs"
