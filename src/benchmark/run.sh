#!/usr/bin/env bash
# Benchmark of GET /api/v1/getcode on fast local stubs, against a floor (see docs/performance.md).
#
#   src/benchmark/run.sh [all|load|memory|startup|profile|soak|native|callers]  (all: load, startup, memory, in order)
#
# Builds the prod jar, starts fast TLS stubs for Entra, managed identity, Key Vault, the RandomNumber API and Queue
# Storage on 127.0.0.1, and then, per mode (each mode is one function, mode_<name>):
#   load     the floor (Floor.java: plain Vert.x doing the same network work per code) and the service, side by side
#            in one run, driven in turn by wrk at several concurrencies; every row's CPU per code and throughput also
#            as a ratio to the floor's at the same concurrency;
#   memory   the service as the JVM image runs it (docker/Dockerfile.jvm: Java 25, its settings, the AOT cache that
#            startup trained) on a 1 GiB budget at concurrency 256:
#            RSS, latency, errors;
#   startup  process start to the first code, on Java 17 and with the JVM image's settings (Java 25, AOT cache trained
#            as the image build trains it, AotTraining.java);
#   profile  CPU samples of the service under load (async-profiler with PROFILER=..., else JFR);
#   soak     the service as the JVM image runs it (as memory) at concurrency 64 for SOAK_SECONDS: RSS, CPU per code, p99,
#            threads and open files every SOAK_STEP seconds, and a verdict on growth, errors and latency drift;
#   native   the native executable (NATIVE_EXE, linked beforehand by native-check --link) with the options of
#            docker/Dockerfile.native's entrypoint, beside the floor and the JVM in one load run (CPU per code as a
#            ratio to both), then its start-up to the first code (and the JVM's), its RSS at rest and at concurrency
#            256, and its size (image heap + code). PERF=1 also records where its CPU goes (perf, cpu-clock);
#   callers  one caller at 10 times its getcode budget beside another within it: the first gets 429s, the second's
#            p99 as a ratio to its p99 alone (mode_callers says how);
#   chaos    the service with its consumer on, under steady getcode and verify load for CHAOS_SECONDS (600), against
#            the local Azure (Azurite and the stubs, not the fast stubs) while a seeded schedule (CHAOS_SEED) injects
#            faults and once restarts it with SIGTERM; prints the verdict of the invariants (Chaos.java,
#            docs/reliability.md) to target/benchmark/chaos.md and fails unless it is PASS (exit code 3: only
#            timing bounds failed, nothing lost or doubled). Ports 18210-18217.
# Every request carries a caller's access token from the stubs' local Entra, as a real caller's would; the service
# checks it (VARIANTS rows with -Dapp.auth.enabled=false measure what that costs).
# Everything listens on 127.0.0.1, ports 18200-18209; every load step is bounded in time. Results:
# target/benchmark/results.md.
#
# Settings (environment): ROUNDS (3), DURATION s per step (10), WARMUP_CODES per process (60000), WARMUP_MAX s per
# process (120), LEVELS ("1 16 64 256"), STARTS (5), JDK25_HOME (Temurin 25), STUB_LOOPS (2), FLOOR_LOOPS (Vert.x's
# default, 2 per core, as Quarkus), FLOOR_JAVA (JAVA17) and FLOOR_OPTS (none): the floor's java and JVM options
# (FLOOR_JAVA=image: the JVM image's java and options, as memory and soak use them, without the service's AOT cache),
# to compare service and floor on the same JVM; SERVICE_OPTS (extra JVM options of the default row),
# VARIANTS (rows to compare in one run instead of the default one: lines "label|quarkus-app directory|java|JVM
# options", at most 4), MEMORY_SECONDS (60), MEMORY_RAM (1g: the replica's memory), SKIP_BUILD=1; soak:
# SOAK_SECONDS (600), SOAK_STEP (30), SOAK_CONCURRENCY (64), SOAK_WARMUP_STEPS (2), SOAK_MAX_RSS_GROWTH (5, per
# cent), SOAK_MAX_P99_DRIFT (2.0); native: NATIVE_EXE (target/<name>-runner), NATIVE_OPTS (the Dockerfile's entrypoint
# options), NATIVE_VARIANTS (more native rows: lines "label|options"). A VARIANTS line whose java is "native" runs the
# executable named in its directory field.
set -euo pipefail
cd "$(dirname "$0")/../.."

MODE=${1:-all}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP_CODES=${WARMUP_CODES:-60000}
WARMUP_MAX=${WARMUP_MAX:-120}
LEVELS=${LEVELS:-1 16 64 256}
STARTS=${STARTS:-5}
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
STUB_LOOPS=${STUB_LOOPS:-2}
FLOOR_LOOPS=${FLOOR_LOOPS:-$(( 2 * $(nproc) ))}
SERVICE_OPTS=${SERVICE_OPTS:-}
MEMORY_SECONDS=${MEMORY_SECONDS:-60}
MEMORY_RAM=${MEMORY_RAM:-1g}
SKIP_BUILD=${SKIP_BUILD:-0}
SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_STEP=${SOAK_STEP:-30}
SOAK_CONCURRENCY=${SOAK_CONCURRENCY:-64}
SOAK_WARMUP_STEPS=${SOAK_WARMUP_STEPS:-2}
SOAK_MAX_RSS_GROWTH=${SOAK_MAX_RSS_GROWTH:-5}
SOAK_MAX_P99_DRIFT=${SOAK_MAX_P99_DRIFT:-2.0}
JAVA17=${JAVA17:-java}
FLOOR_JAVA=${FLOOR_JAVA:-$JAVA17}
FLOOR_OPTS=${FLOOR_OPTS:-}
VARIANTS=${VARIANTS:-"integrated-auth|target/quarkus-app|$JAVA17|$SERVICE_OPTS"}
NATIVE_EXE=${NATIVE_EXE:-target/integrated-auth-1.0.0-SNAPSHOT-runner}
NATIVE_VARIANTS=${NATIVE_VARIANTS:-}
PERF=${PERF:-0}
CHAOS_SECONDS=${CHAOS_SECONDS:-600}
CHAOS_SEED=${CHAOS_SEED:-2026}
CHAOS_SERVICE_OPTS=${CHAOS_SERVICE_OPTS:-}

PORT_SERVICE=18200
PORT_HTTPS=18201
PORT_QUEUE=18202
PORT_STATS=18203 # also the managed-identity endpoint (plain HTTP, as on Container Apps)
PORT_FLOOR=18205
VARIANT_PORTS=(18200 18206 18207 18208)
API_KEY=benchmark-third-party-api-key

OUT=$PWD/target/benchmark
LOGS=$OUT/logs
CLASSES=$OUT/classes
APP=target/quarkus-app
TLS=target/local-azure/tls
CLK_TCK=$(getconf CLK_TCK)
REPORT=$OUT/results.md

PIDS=()
STUB_PID=
cleanup() {
    local pid
    for pid in "${PIDS[@]}" $STUB_PID; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'benchmark: %s\n' "$*" >&2; exit 1; }

# --- Set-up: tools, build, stubs -----------------------------------------------------------------------------------
# The benchmark's classes; the chaos run also uses the local Azure (WireMock, provided at build time) and a test helper.
compile_benchmark() {
    local wiremock
    wiremock=$(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' pom.xml)
    BENCH_CP="$CLASSES:$APP/lib/main/*:$APP/lib/boot/*:target/classes:target/test-classes"
    BENCH_CP+=":$HOME/.m2/repository/org/wiremock/wiremock-standalone/$wiremock/wiremock-standalone-$wiremock.jar"
    mkdir -p "$LOGS" "$CLASSES"
    # Release 17: the same classes run beside the service on Java 17 and in the image build on Java 25.
    javac -nowarn --release 17 -d "$CLASSES" -cp "$BENCH_CP" src/benchmark/java/dev/integratedauth/*/*.java
}

mode_chaos() {
    if [[ $SKIP_BUILD != 1 ]]; then
        log "Building the prod jar"
        ./mvnw -q -B package -DskipTests -Dnative-sources.skip=true
    fi
    [[ -f $APP/quarkus-run.jar && -d target/test-classes ]] || die "no prod jar or test classes: run without SKIP_BUILD"
    compile_benchmark
    log "Chaos: $CHAOS_SECONDS s, seed $CHAOS_SEED"
    rm -rf "$OUT/chaos-logs" && mkdir -p "$OUT/chaos-logs"
    # The service sized as a replica is (MEMORY_RAM), so that its heap, and with it RSS, has the replica's bound.
    # shellcheck disable=SC2086 # CHAOS_SERVICE_OPTS holds several options
    "$JAVA17" -Xmx512m -Xlog:gc:file="$OUT/chaos-logs/harness-gc.log":time,uptime -cp "$BENCH_CP" \
        dev.integratedauth.benchmark.Chaos "$CHAOS_SECONDS" "$CHAOS_SEED" \
        "$OUT/chaos.md" "$JAVA17" -XX:ErrorFile="$LOGS/hs_err_%p.log" -XX:MaxRAM="$MEMORY_RAM" $CHAOS_SERVICE_OPTS \
        -jar "$APP/quarkus-run.jar"
}

setup() {
    if ! command -v wrk >/dev/null; then
        if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
            log "Installing wrk from Debian"
            apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
        else
            die "wrk is missing: sudo apt-get install wrk"
        fi
    fi
    [[ -x $JDK25_HOME/bin/java ]] || { echo "No JDK 25 at $JDK25_HOME: start-up on Java 25 is skipped." >&2; JDK25_HOME=; }
    if [[ $SKIP_BUILD != 1 ]]; then
        log "Building the prod jar"
        ./mvnw -q -B package -DskipTests -Dnative-sources.skip=true
    fi
    [[ -f $APP/quarkus-run.jar && -f $TLS/local-azure.p12 && -f $TLS/local-entra.p12 ]] || die "no prod jar or TLS material: run without SKIP_BUILD"
    compile_benchmark
    # The service authenticates as on Container Apps: managed identity (MI_ENV), served by the stubs.
    mapfile -t SERVICE_CONFIG < <("$JAVA17" -cp "$CLASSES:target/classes" dev.integratedauth.benchmark.ServiceConfig \
        $PORT_STATS $PORT_HTTPS $PORT_QUEUE $TLS --managed-identity)
    mapfile -t PRINCIPAL < <("$JAVA17" -cp "$CLASSES:target/classes" dev.integratedauth.benchmark.ServiceConfig \
        $PORT_STATS $PORT_HTTPS $PORT_QUEUE $TLS --stub-args | grep -v '^-D')
    SERVICE_CONFIG+=("-Dquarkus.http.host=127.0.0.1")
    for port in $PORT_SERVICE $PORT_HTTPS $PORT_QUEUE $PORT_STATS $PORT_FLOOR "${VARIANT_PORTS[@]}"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use"; fi
    done
    start_stubs
}

start_stubs() {
    log "Starting the fast stubs ($STUB_LOOPS event loops)"
    "$JAVA17" -Xmx256m -cp "$CLASSES:$APP/lib/main/*:target/classes" dev.integratedauth.benchmark.FastStubs \
        $PORT_HTTPS $PORT_QUEUE $PORT_STATS "$TLS/local-azure.p12" local-azure "${PRINCIPAL[@]}" "$API_KEY" \
        "$STUB_LOOPS" >"$LOGS/stubs.log" 2>&1 &
    STUB_PID=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT_STATS/stats" >/dev/null && break; sleep 0.1; done
    curl -sf "http://127.0.0.1:$PORT_STATS/stats" >/dev/null || die "the stubs did not start, see $LOGS/stubs.log"
    # The caller every load step, probe and first code calls as: a token of the stubs' local Entra, both roles.
    CALLER_TOKEN=$(curl -sf "http://127.0.0.1:$PORT_STATS/caller-tokens?count=1")
    export CALLER_TOKEN
}
stop_stubs() {
    stop_process "$STUB_PID"
    STUB_PID=
}

stat_of() { curl -sf "http://127.0.0.1:$PORT_STATS/stats" | sed -E "s/.*\"$1\":([0-9]+).*/\1/"; }
cpu_ticks() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
# CPU ticks of the JIT compiler threads alone: still high while the JIT warms up, near zero after.
jit_ticks() {
    local t sum=0
    for t in /proc/"$1"/task/*; do
        case $(cat "$t/comm" 2>/dev/null) in
            C1\ Compiler*|C2\ Compiler*) sum=$(( sum + $(sed -E 's/^.*\) //' "$t/stat" | awk '{print $12 + $13}') )) ;;
        esac
    done
    echo "$sum"
}
rss_mb() { awk -v f="$2" '$1 == f":" {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
# median of column <n> of stdin
median() { awk -v n="$1" '{print $n}' | sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# The JVM image's settings, read from docker/Dockerfile.jvm's final stage, as its run-java.sh turns them into JVM
# options (java-default-options of the ubi9 OpenJDK images: heap percentage, GC, heap free ratios, exit on OOM).
image_env() { awk -v k="$1" '$1 == "ENV" && index($2, k "=") == 1 { v = substr($0, index($0, "=") + 1); gsub(/^"|"$/, "", v); last = v }
    END { print last }' docker/Dockerfile.jvm; }
image_jvm_options() {
    # shellcheck disable=SC2046 # the variables hold several options, split on spaces as run-java.sh splits them
    printf '%s\n' "-XX:MaxRAMPercentage=$(image_env JAVA_MAX_MEM_RATIO).0" $(image_env GC_CONTAINER_OPTIONS) \
        -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90 \
        -XX:+ExitOnOutOfMemoryError $(image_env JAVA_OPTS_APPEND | sed -E 's/-XX:AOTCache=[^ ]*//; s/-Dquarkus.http.host=[^ ]*//')
}
# image_java_options: the java and JVM options the image runs the service with, one a line (the java first): Java 25
# (JDK25_HOME) as in the image, with the AOT cache when the startup mode has trained one for this very build (an AOT
# cache only maps on the files it was made with); Java 17 if there is no JDK 25 (without compact object headers, which
# it lacks). Memory and soak measure with these.
image_java_options() {
    local unknown='^$' # options the chosen JVM does not have
    if [[ -n $JDK25_HOME && -x $JDK25_HOME/bin/java ]]; then
        echo "$JDK25_HOME/bin/java"
        [[ $OUT/app.aot -nt $APP/quarkus-run.jar && $OUT/app.aot -nt $APP/app ]] && echo "-XX:AOTCache=$OUT/app.aot"
    else
        echo "$JAVA17"
        unknown='^-XX:\+UseCompactObjectHeaders$' # JDK 24+
    fi
    echo "-XX:MaxRAM=$MEMORY_RAM"
    image_jvm_options | grep -Ev -- "$unknown"
}
# Managed identity as Container Apps provides it (ServiceConfig.managedIdentityEnvironment), on the stubs.
MI_ENV="IDENTITY_ENDPOINT=http://127.0.0.1:$PORT_STATS/msi/token IDENTITY_HEADER=local-azure-identity-header
AZURE_POD_IDENTITY_AUTHORITY_HOST=http://127.0.0.1:$PORT_STATS/imds"

# start_service <log> <port> <app dir> <java> <jvm options...>: the prod jar on the stubs, from its app directory
# (as `java -jar quarkus-run.jar`: an AOT cache only maps with that class path); waits until it listens. Sets PID.
# The row's options come after the stubs' configuration, so they may override it.
# With java "native", <app dir> is the native executable and the options are its run-time options.
start_service() {
    local logfile=$1 port=$2 app=$3 java=$4
    shift 4
    if [[ $java == native ]]; then
        # shellcheck disable=SC2086
        (exec env $MI_ENV "$app" "${SERVICE_CONFIG[@]}" "$@" -Dquarkus.http.port="$port") >"$logfile" 2>&1 &
        PID=$!
        PIDS+=("$PID")
        wait_listening "$PID" "$port" "$logfile"
        return
    fi
    # shellcheck disable=SC2086
    (cd "$app" && exec env $MI_ENV "$java" -XX:ErrorFile="$LOGS/hs_err_%p.log" "${SERVICE_CONFIG[@]}" "$@" \
        -Dquarkus.http.port="$port" -jar quarkus-run.jar) >"$logfile" 2>&1 &
    PID=$!
    PIDS+=("$PID")
    wait_listening "$PID" "$port" "$logfile"
}
start_floor() {
    if [[ $FLOOR_JAVA == image ]]; then
        local image
        mapfile -t image < <(image_java_options | grep -v -- '^-XX:AOTCache=')
        FLOOR_JAVA=${image[0]} FLOOR_OPTS="${image[*]:1}${FLOOR_OPTS:+ $FLOOR_OPTS}"
    fi
    # shellcheck disable=SC2086 # FLOOR_OPTS holds several options
    "$FLOOR_JAVA" $FLOOR_OPTS -cp "$CLASSES:$APP/lib/main/*" dev.integratedauth.benchmark.Floor $PORT_FLOOR \
        $PORT_HTTPS $PORT_QUEUE "$TLS/local-azure.crt" "${PRINCIPAL[@]:0:4}" "$FLOOR_LOOPS" >"$LOGS/floor.log" 2>&1 &
    PID=$!
    PIDS+=("$PID")
    wait_listening "$PID" $PORT_FLOOR "$LOGS/floor.log"
}
wait_listening() {
    for _ in $(seq 600); do
        curl -so /dev/null "http://127.0.0.1:$2/" && return 0
        kill -0 "$1" 2>/dev/null || die "it died, see $3"
        sleep 0.1
    done
    die "not listening within 60 s, see $3"
}
stop_process() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# first_code <url>: one code, and the same JSON on the queue.
first_code() {
    local first="" queued
    # The first code reads Key Vault and loads most of the classes; on a busy machine it can miss the 10 s deadline.
    for _ in 1 2 3; do first=$(curl -sf -m 30 -H "Authorization: Bearer $CALLER_TOKEN" "$1") && break; sleep 1; done
    [[ -n $first ]] || die "no code from $1"
    queued=$(curl -sf "http://127.0.0.1:$PORT_STATS/stats" | sed -E 's/.*"lastMessage":"(.*)"}$/\1/; s/\\"/"/g')
    [[ $queued == "$first" ]] || die "$1: the queue got '$queued', the caller '$first'"
    echo "$1: $first, the same JSON on the queue" >&2
}

# load <pid> <url> <concurrency> <seconds>: one bounded wrk step; prints
# "codes codes_per_s p50 p90 p99 max errors cpu stub_cpu cpu_without_jit", CPU in ms per 1000 codes, from /proc.
load() {
    local pid=$1 url=$2 c=$3 seconds=$4 threads=2
    (( c < 2 )) && threads=1
    local svc0 stub0 jit0 svc1 stub1 jit1 line
    svc0=$(cpu_ticks "$pid"); stub0=$(cpu_ticks "$STUB_PID"); jit0=$(jit_ticks "$pid")
    line=$(wrk -t"$threads" -c"$c" -d"${seconds}s" --timeout 10s -H "Authorization: Bearer $CALLER_TOKEN" \
        -s src/benchmark/wrk/report.lua "$url" | grep '^RESULT')
    svc1=$(cpu_ticks "$pid"); stub1=$(cpu_ticks "$STUB_PID"); jit1=$(jit_ticks "$pid")
    echo "$line" | awk -v s0="$svc0" -v s1="$svc1" -v t0="$stub0" -v t1="$stub1" -v j0="$jit0" -v j1="$jit1" \
        -v hz="$CLK_TCK" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        codes = v["requests"] - v["non2xx"]
        per = codes > 0 ? 1000000 / hz / codes : 0
        printf "%d %.0f %s %s %s %s %d %.3f %.3f %.3f\n", codes, codes / v["duration_s"], v["p50"], v["p90"], v["p99"],
            v["max"], v["errors"], (s1 - s0) * per, (t1 - t0) * per, (s1 - s0 - (j1 - j0)) * per }'
}

# warm_up <pid> <url>: until the JIT has seen WARMUP_CODES codes (C2 needs them), at most WARMUP_MAX seconds.
warm_up() {
    local start=$SECONDS before
    before=$(stat_of queueMessages)
    while (( $(stat_of queueMessages) - before < WARMUP_CODES && SECONDS - start < WARMUP_MAX )); do
        load "$1" "$2" 64 10 >/dev/null
    done
    echo "warm-up of $2: $(( $(stat_of queueMessages) - before )) codes" >&2
}

# --- Mode load: the floor and every variant, in turn, in the same run -----------------------------------------------
mode_load() {
    local labels=("floor (plain Vert.x)") pids urls=("http://127.0.0.1:$PORT_FLOOR/api/v1/getcode") i=0 label app java opts
    local kv_before kv_reads processes=1
    log "Starting the floor ($FLOOR_LOOPS event loops)"
    kv_before=$(stat_of keyVaultReads)
    start_floor
    pids=("$PID")
    first_code "${urls[0]}"
    while IFS='|' read -r label app java opts; do
        [[ -n $label ]] || continue
        (( i < ${#VARIANT_PORTS[@]} )) || die "at most ${#VARIANT_PORTS[@]} variants"
        log "Starting $label ($java ${opts:-})"
        # shellcheck disable=SC2086
        start_service "$LOGS/service-$i.log" "${VARIANT_PORTS[$i]}" "$app" "$java" $opts
        labels+=("$label"); pids+=("$PID"); urls+=("http://127.0.0.1:${VARIANT_PORTS[$i]}/api/v1/getcode")
        first_code "${urls[-1]}"
        processes=$(( processes + 1 )); i=$(( i + 1 ))
    done <<<"$VARIANTS"
    for i in "${!pids[@]}"; do warm_up "${pids[$i]}" "${urls[$i]}"; done

    local raw=$OUT/raw.txt load_before load_after round c row
    : >"$raw"
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    for round in $(seq "$ROUNDS"); do
        for c in $LEVELS; do
            for i in "${!pids[@]}"; do # interleaved, so drift in the machine's load hits every row alike
                row=$(load "${pids[$i]}" "${urls[$i]}" "$c" "$DURATION")
                echo "$round $c $i $row" >>"$raw"
                echo "round $round, c=$c, ${labels[$i]}: $row" >&2
            done
        done
    done
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    kv_reads=$(( $(stat_of keyVaultReads) - kv_before ))
    {
        echo "### Load: the floor and the service in one run"
        echo
        echo "Medians of $ROUNDS rounds of $DURATION s per concurrency and row (wrk, keep-alive, HTTP/1.1), the rows" \
            "driven in turn, after a warm-up of $WARMUP_CODES codes each. CPU = user+system time of the process from" \
            "/proc per 1000 codes; ×floor = the row's value over the floor's at the same concurrency in the same run." \
            "Load average $load_before before, $load_after after (other work on the machine included)."
        [[ $FLOOR_JAVA == "$JAVA17" && -z $FLOOR_OPTS ]] || echo "The floor ran on \`$FLOOR_JAVA $FLOOR_OPTS\`."
        echo
        echo "| row | concurrency | codes/s | ×floor | p50 ms | p90 ms | p99 ms | max ms | errors (all rounds) | CPU ms / 1000 codes | ×floor | of which not JIT | stubs CPU ms / 1000 codes | RSS MB |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for c in $LEVELS; do
            local floor_rate floor_cpu rows rate cpu
            floor_rate=$(awk -v c="$c" '$2 == c && $3 == 0' "$raw" | cut -d' ' -f4- | median 2)
            floor_cpu=$(awk -v c="$c" '$2 == c && $3 == 0' "$raw" | cut -d' ' -f4- | median 8)
            for i in "${!pids[@]}"; do
                rows=$(awk -v c="$c" -v i="$i" '$2 == c && $3 == i' "$raw" | cut -d' ' -f4-)
                rate=$(echo "$rows" | median 2); cpu=$(echo "$rows" | median 8)
                printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${labels[$i]}" "$c" \
                    "$rate" "$(awk -v a="$rate" -v b="$floor_rate" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')" \
                    "$(echo "$rows" | median 3)" "$(echo "$rows" | median 4)" "$(echo "$rows" | median 5)" \
                    "$(echo "$rows" | median 6)" "$(echo "$rows" | awk '{s += $7} END {print s + 0}')" "$cpu" \
                    "$(awk -v a="$cpu" -v b="$floor_cpu" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')" \
                    "$(echo "$rows" | median 10)" "$(echo "$rows" | median 9)" "$(rss_mb "${pids[$i]}" VmRSS)"
            done
        done
        echo
        echo "- Key Vault reads: $kv_reads for $processes processes (floor included: one each)." \
            "Requests the stubs rejected: $(stat_of rejected); TLS connections they accepted:" \
            "$(stat_of connections) Entra/Key Vault/API, $(stat_of queueConnections) queue."
        echo
    } >>"$REPORT"
    for i in "${!pids[@]}"; do stop_process "${pids[$i]}"; done
    PIDS=()
}

# --- Mode memory: the image's JVM settings at concurrency 256 ------------------------------------------------------
mode_memory() {
    local opts pid url=http://127.0.0.1:$PORT_SERVICE/api/v1/getcode rows
    mapfile -t opts < <(image_java_options)
    log "Memory: the image's JVM and settings (${opts[*]}), concurrency 256 for $MEMORY_SECONDS s"
    start_service "$LOGS/service-memory.log" $PORT_SERVICE "$APP" "${opts[@]}"
    pid=$PID
    first_code "$url"
    warm_up "$pid" "$url"
    rows=""
    for _ in $(seq $(( MEMORY_SECONDS / 10 ))); do rows+="$(load "$pid" "$url" 256 10)"$'\n'; done
    {
        echo "### Memory: the JVM image's settings, concurrency 256"
        echo
        echo "\`${opts[*]}\` (MaxRAM stands in for the replica's memory limit)," \
            "after a warm-up of $WARMUP_CODES codes, $MEMORY_SECONDS s at concurrency 256 (steps of 10 s; medians):"
        echo
        echo "| RSS MB | peak RSS MB | codes/s | p50 ms | p99 ms | errors | CPU ms / 1000 codes |"
        echo "|---:|---:|---:|---:|---:|---:|---:|"
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$(rss_mb "$pid" VmRSS)" "$(rss_mb "$pid" VmHWM)" \
            "$(printf '%s' "$rows" | median 2)" "$(printf '%s' "$rows" | median 3)" "$(printf '%s' "$rows" | median 5)" \
            "$(printf '%s' "$rows" | awk '{s += $7} END {print s + 0}')" "$(printf '%s' "$rows" | median 8)"
        echo
    } >>"$REPORT"
    stop_process "$pid"
    PIDS=()
}

# --- Mode startup: process start to the first code ------------------------------------------------------------------
STARTUP_ROWS=()
# probe <label> <java> <options...>: the prod jar; with java "native", the first option is the executable.
probe() {
    local label=$1 java=$2 result command
    shift 2
    log "Start-up: $label ($STARTS starts)"
    if [[ $java == native ]]; then
        command=("$@" "${SERVICE_CONFIG[@]}" "-Dquarkus.http.port=$PORT_SERVICE")
    else
        command=("$java" "$@" "${SERVICE_CONFIG[@]}" "-Dquarkus.http.port=$PORT_SERVICE" -jar quarkus-run.jar)
    fi
    # shellcheck disable=SC2086
    result=$(cd "$APP" && env $MI_ENV "$JAVA17" -cp "$CLASSES" dev.integratedauth.benchmark.StartupProbe "$STARTS" \
        $PORT_SERVICE 60 "$LOGS/startup.log" -- "${command[@]}" \
        | while IFS= read -r line; do echo "$line" >&2; [[ $line != MEDIAN* ]] || echo "$line"; done)
    STARTUP_ROWS+=("$(echo "$result" | awk -v l="$label" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "| %s | %s | %s | %s |", l, v["wall_ms"], v["cpu_ms"], v["failed"] }')")
}
mode_startup() {
    local opts=()
    : >"$LOGS/startup.log"
    STARTUP_ROWS=()
    probe "Java 17, default settings" "$JAVA17"
    if [[ -n $JDK25_HOME ]]; then
        mapfile -t opts < <(image_jvm_options)
        probe "Java 25, the image's settings, no AOT cache" "$JDK25_HOME/bin/java" -XX:MaxRAM="$MEMORY_RAM" "${opts[@]}"
        log "Training the AOT cache as the image build does (AotTraining, on its own stubs)"
        stop_stubs
        (cd "$APP" && "$JDK25_HOME/bin/java" -cp "$CLASSES:lib/main/*:app/*" dev.integratedauth.benchmark.AotTraining \
            "$OLDPWD/$TLS" "$OUT/app.aot" -- "$JDK25_HOME/bin/java" -XX:AOTCacheOutput="$OUT/app.aot" \
            -XX:MaxRAM="$MEMORY_RAM" "${opts[@]}" -jar quarkus-run.jar) >"$LOGS/train-aot.log" 2>&1 \
            || die "training failed, see $LOGS/train-aot.log"
        start_stubs
        probe "Java 25, the image's settings and AOT cache" "$JDK25_HOME/bin/java" -XX:AOTCache="$OUT/app.aot" \
            -XX:MaxRAM="$MEMORY_RAM" "${opts[@]}"
    fi
    {
        echo "### Start-up: process start to the first code"
        echo
        echo "Process start to the first successful \`/api/v1/getcode\` (Key Vault read, managed-identity tokens, API," \
            "queue included), median of $STARTS starts. The image's settings: \`-XX:MaxRAM=$MEMORY_RAM ${opts[*]:-}\`."
        echo
        echo "| JVM | wall ms | CPU ms | failed starts |"
        echo "|---|---:|---:|---:|"
        printf '%s\n' "${STARTUP_ROWS[@]}"
        echo
    } >>"$REPORT"
}

# profile_summary <collapsed stacks>: the share of samples whose stack contains each area (a sample can count in
# several), and the 25 hottest leaf frames.
profile_summary() {
    local areas="kernel:_\\[k\\] TLS:sun/security/ssl TLS-crypto:com/sun/crypto Netty:io/netty Vert.x:io/vertx
        Reactor:reactor/core Mutiny:io/smallrye/mutiny Azure-SDK:com/azure MSAL:com/microsoft
        Quarkus-REST:org/jboss/resteasy Quarkus:io/quarkus Micrometer:io/micrometer Jackson:com/fasterxml
        SecureRandom:sun/security/provider"
    awk -v areas="$areas" '{ n = $NF; total += n; stack = $0; sub(/ [0-9]+$/, "", stack)
        k = split(areas, list, /[ \n]+/)
        for (i = 1; i <= k; i++) { if (list[i] == "") continue; split(list[i], kv, ":"); if (stack ~ kv[2]) share[kv[1]] += n }
    } END { printf "samples: %d; share of samples with the area on the stack:\n", total
        for (a in share) printf "%6.1f %%  %s\n", 100 * share[a] / total, a | "sort -rn" }' "$1"
    echo "hottest leaf frames:"
    awk '{ n = $NF; total += n; leaf = $0; sub(/ [0-9]+$/, "", leaf); sub(/.*;/, "", leaf); self[leaf] += n }
        END { for (f in self) printf "%6.1f %%  %s\n", 100 * self[f] / total, f }' "$1" | sort -rn | head -25
}

# --- Mode profile: where the service's CPU goes under load ---------------------------------------------------------
# async-profiler (PROFILER=path of libasyncProfiler.so, e.g. from Maven Central's tools.profiler:async-profiler jar)
# attached with jcmd after the warm-up, CPU samples of PROFILE_SECONDS (20) at concurrency 64: collapsed stacks and a
# flame graph in target/benchmark. Without PROFILER, a JFR recording (jdk.ExecutionSample) of the same window.
mode_profile() {
    local pid url=http://127.0.0.1:$PORT_SERVICE/api/v1/getcode seconds=${PROFILE_SECONDS:-20} opts
    opts=${VARIANTS%%$'\n'*}; opts=${opts##*|}
    log "Profile: the service at concurrency 64 for $seconds s${PROFILER:+ (async-profiler)}"
    # shellcheck disable=SC2086
    start_service "$LOGS/service-profile.log" $PORT_SERVICE "$APP" "$JAVA17" $opts
    pid=$PID
    first_code "$url"
    warm_up "$pid" "$url"
    if [[ -n ${PROFILER:-} ]]; then
        # The agent's options in double quotes: jcmd would split them at '=' otherwise.
        jcmd "$pid" JVMTI.agent_load "$PROFILER" "\"start,event=cpu,interval=997us\"" >/dev/null
        load "$pid" "$url" 64 "$seconds" >"$OUT/profile-load.txt"
        jcmd "$pid" JVMTI.agent_load "$PROFILER" "\"stop,file=$OUT/profile.collapsed,collapsed\"" >/dev/null
        [[ -s $OUT/profile.collapsed ]] || die "async-profiler wrote no profile"
        profile_summary "$OUT/profile.collapsed" >"$OUT/profile-summary.txt"
        cat "$OUT/profile-summary.txt" >&2
    else
        jcmd "$pid" JFR.start name=profile settings=profile filename="$OUT/profile.jfr" >/dev/null
        load "$pid" "$url" 64 "$seconds" >"$OUT/profile-load.txt"
        jcmd "$pid" JFR.stop name=profile >/dev/null
    fi
    echo "profile of: $(cat "$OUT/profile-load.txt") -> $OUT/profile.*" >&2
    stop_process "$pid"
    PIDS=()
}

# --- Mode soak: a long run at one concurrency, watching for growth and drift ----------------------------------------
# The service with the JVM image's settings (as in production: the heap capped at a share of MEMORY_RAM, Serial GC,
# a heap that shrinks), driven by consecutive wrk steps of SOAK_STEP s at SOAK_CONCURRENCY; after each step: RSS,
# threads and open files of the process from /proc. The first SOAK_WARMUP_STEPS steps are the warm-up (JIT, pools,
# the heap finding its size) and do not count for growth and drift. Verdict, all three must hold:
#   RSS      last step's RSS at most SOAK_MAX_RSS_GROWTH % above the RSS after the warm-up (a leak grows steadily);
#   errors   0 over the whole run, warm-up included (socket errors, timeouts, non-2xx), and no fewer messages
#            queued than codes returned;
#   p99      median p99 of the last third of the counted steps at most SOAK_MAX_P99_DRIFT x the first third's.
mode_soak() {
    local opts pid url=http://127.0.0.1:$PORT_SERVICE/api/v1/getcode steps step row rss raw=$OUT/soak.txt
    local queued_before queued kv_before
    steps=$(( SOAK_SECONDS / SOAK_STEP ))
    (( steps >= SOAK_WARMUP_STEPS + 3 )) || die "soak: SOAK_SECONDS / SOAK_STEP must leave 3 steps after the warm-up"
    mapfile -t opts < <(image_java_options)
    log "Soak: $steps steps of $SOAK_STEP s at concurrency $SOAK_CONCURRENCY, the image's JVM and settings"
    kv_before=$(stat_of keyVaultReads)
    start_service "$LOGS/service-soak.log" $PORT_SERVICE "$APP" "${opts[@]}"
    pid=$PID
    first_code "$url"
    queued_before=$(stat_of queueMessages)
    : >"$raw"
    for step in $(seq "$steps"); do
        row=$(load "$pid" "$url" "$SOAK_CONCURRENCY" "$SOAK_STEP")
        kill -0 "$pid" 2>/dev/null || die "soak: the service died, see $LOGS/service-soak.log"
        rss=$(rss_mb "$pid" VmRSS)
        # step end_s codes codes/s p50 p90 p99 max errors cpu stub_cpu cpu_without_jit rss threads fds
        echo "$step $(( step * SOAK_STEP )) $row $rss $(awk '$1 == "Threads:" {print $2}' "/proc/$pid/status") \
$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)" >>"$raw"
        echo "soak step $step/$steps: $(tail -1 "$raw")" >&2
    done
    queued=$(( $(stat_of queueMessages) - queued_before ))
    {
        echo "### Soak: $SOAK_SECONDS s at concurrency $SOAK_CONCURRENCY"
        echo
        echo "\`${opts[*]}\`, no warm-up before the first step (steps 1 to" \
            "$SOAK_WARMUP_STEPS are the warm-up). Each step is one wrk run of $SOAK_STEP s; RSS, threads and open" \
            "files are read from /proc right after it. CPU = user+system time of the process per 1000 codes."
        echo
        echo "| step | end s | codes/s | p50 ms | p99 ms | max ms | errors | CPU ms / 1000 codes | RSS MB | threads | open files |"
        echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        awk '{ printf "| %d%s | %d | %d | %s | %s | %s | %d | %s | %d | %d | %d |\n", $1, ($1 <= w ? " (warm-up)" : ""),
            $2, $4, $5, $7, $8, $9, $10, $13, $14, $15 }' w="$SOAK_WARMUP_STEPS" "$raw"
        echo
        awk -v w="$SOAK_WARMUP_STEPS" -v max_growth="$SOAK_MAX_RSS_GROWTH" -v max_drift="$SOAK_MAX_P99_DRIFT" \
            -v queued="$queued" -v kv="$(( $(stat_of keyVaultReads) - kv_before ))" '
            function median(list, n,   i, j, t) {
                for (i = 2; i <= n; i++) { t = list[i]; for (j = i - 1; j >= 1 && list[j] > t; j--) list[j + 1] = list[j]; list[j + 1] = t }
                return n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2 }
            { codes += $3; errors += $9; if ($1 == w) base = $13; if ($1 > w) { n++; p99[n] = $7; cpu[n] = $10; peak = $13 > peak ? $13 : peak }
              last = $13 }
            END {
                third = int(n / 3)
                for (i = 1; i <= third; i++) { first_p99[i] = p99[i]; last_p99[i] = p99[n - third + i]
                    first_cpu[i] = cpu[i]; last_cpu[i] = cpu[n - third + i] }
                f = median(first_p99, third); l = median(last_p99, third)
                fc = median(first_cpu, third); lc = median(last_cpu, third)
                growth = base > 0 ? 100 * (last - base) / base : 0
                drift = f > 0 ? l / f : 0
                rss_ok = growth <= max_growth; err_ok = errors == 0 && queued >= codes; p99_ok = drift <= max_drift
                printf "- **RSS**: %d MB after the warm-up (step %d), %d MB at the end, peak %d MB after the warm-up: growth %+.1f %% (limit %s %%): %s\n",
                    base, w, last, peak, growth, max_growth, rss_ok ? "pass" : "FAIL"
                printf "- **errors**: %d over %d codes (warm-up included); %d messages queued for %d codes returned (more: requests in flight as a step ended): %s\n",
                    errors, codes, queued, codes, err_ok ? "pass" : "FAIL"
                printf "- **p99**: median of steps %d-%d %.2f ms, of steps %d-%d %.2f ms: ratio %.2f (limit %s): %s\n",
                    w + 1, w + third, f, w + n - third + 1, w + n, l, drift, max_drift, p99_ok ? "pass" : "FAIL"
                printf "- CPU per 1000 codes, same thirds (not part of the verdict): %.1f ms, then %.1f ms (ratio %.2f)\n",
                    fc, lc, (fc > 0 ? lc / fc : 0) # in parentheses: a bare > among printf arguments redirects
                printf "- Key Vault reads: %d\n", kv
                printf "\n**Verdict: %s**\n", rss_ok && err_ok && p99_ok ? "pass" : "FAIL"
            }' "$raw"
        echo
    } >>"$REPORT"
    stop_process "$pid"
    PIDS=()
}

# --- Mode native: the native executable beside the JVM and the floor ------------------------------------------------
# The options the image runs the executable with: docker/Dockerfile.native's ENTRYPOINT, less the host (the benchmark
# listens on 127.0.0.1).
native_image_options() {
    sed -n 's/^ENTRYPOINT \[\(.*\)\]/\1/p' docker/Dockerfile.native | tr ',' '\n' | sed -E 's/^ *"//; s/" *$//' \
        | { grep -v -e '^\./application$' -e '^-Dquarkus.http.host=' || true; }
}
mode_native() {
    local exe opts row rest rss256 peak256 rows size heap code url=http://127.0.0.1:$PORT_SERVICE/api/v1/getcode
    exe=$(readlink -f "$NATIVE_EXE" 2>/dev/null) || true
    [[ -x $exe ]] || die "no native executable at $NATIVE_EXE: link one with ../shared/tools/native-check/native-check.sh . --link"
    opts=${NATIVE_OPTS-$(native_image_options | tr '\n' ' ')}
    VARIANTS="JVM (Java 17)|$APP|$JAVA17|$SERVICE_OPTS
native ($opts)|$exe|native|$opts"
    while IFS='|' read -r row rest; do
        [[ -n $row ]] && VARIANTS+=$'\n'"native $row|$exe|native|$rest"
    done <<<"$NATIVE_VARIANTS"
    mode_load
    {
        echo "CPU per code of the native rows as a ratio to the JVM's, same concurrency, same run:"
        echo
        awk '{ key = $2 " " $3; cpu[key] = cpu[key] " " $11; levels[$2] = 1; if ($3 > n) n = $3 }
            function med(list,   a, k, i, j, t) { k = split(list, a, " ")
                for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
                return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
            END { for (c in levels) { line = "- concurrency " c ":"
                    for (i = 2; i <= n; i++) line = line sprintf(" row %d %.2f×JVM;", i, med(cpu[c " " i]) / med(cpu[c " 1"]))
                    print line } }' "$OUT/raw.txt" | sort -t' ' -k3 -n
        echo
    } >>"$REPORT"

    STARTUP_ROWS=()
    : >"$LOGS/startup.log"
    # shellcheck disable=SC2086 # opts holds several options
    probe "native executable ($opts)" native "$exe" $opts
    probe "JVM (Java 17), default settings" "$JAVA17"

    log "Native memory: at rest after the first code, then concurrency 256 for $MEMORY_SECONDS s"
    # shellcheck disable=SC2086
    start_service "$LOGS/service-native-memory.log" $PORT_SERVICE "$exe" native $opts
    first_code "$url"
    rest=$(rss_mb "$PID" VmRSS)
    if [[ $PERF == 1 ]]; then
        log "perf: cpu-clock samples of the native executable at concurrency 64 for 20 s"
        perf record -e cpu-clock -F 999 -g -p "$PID" -o "$OUT/native.perf.data" -- sleep 20 >/dev/null 2>&1 &
        local perf_pid=$!
        load "$PID" "$url" 64 20 >"$OUT/native-profile-load.txt"
        wait "$perf_pid"
        perf report -i "$OUT/native.perf.data" --no-children --sort symbol --stdio 2>/dev/null | grep -v '^#' \
            | grep '%' | head -40 >"$OUT/native-profile.txt" || true
    fi
    rows=""
    for _ in $(seq $(( MEMORY_SECONDS / 10 ))); do rows+="$(load "$PID" "$url" 256 10)"$'\n'; done
    rss256=$(rss_mb "$PID" VmRSS); peak256=$(rss_mb "$PID" VmHWM)
    stop_process "$PID"
    PIDS=()
    size=$(stat -c %s "$exe")
    heap=$(( 16#$(readelf -S -W "$exe" | awk '{for (i = 1; i < NF; i++) if ($i == ".svm_heap") print $(i + 4)}') ))
    code=$(( 16#$(readelf -S -W "$exe" | awk '{for (i = 1; i < NF; i++) if ($i == ".text") print $(i + 4)}') ))
    {
        echo "### Native executable: start-up, memory, size"
        echo
        echo "Process start to the first successful \`/api/v1/getcode\`, median of $STARTS starts:"
        echo
        echo "| build | wall ms | CPU ms | failed starts |"
        echo "|---|---:|---:|---:|"
        printf '%s\n' "${STARTUP_ROWS[@]}"
        echo
        echo "| RSS at rest MB (after the first code) | RSS MB after $MEMORY_SECONDS s at 256 | peak RSS MB | codes/s at 256 | p99 ms | errors | executable MiB | image heap MiB | code MiB |"
        echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        printf '| %s | %s | %s | %s | %s | %s | %.1f | %.1f | %.1f |\n' "$rest" "$rss256" "$peak256" \
            "$(printf '%s' "$rows" | median 2)" "$(printf '%s' "$rows" | median 5)" \
            "$(printf '%s' "$rows" | awk '{s += $7} END {print s + 0}')" \
            "$(awk -v b="$size" 'BEGIN {print b / 1048576}')" "$(awk -v b="$heap" 'BEGIN {print b / 1048576}')" \
            "$(awk -v b="$code" 'BEGIN {print b / 1048576}')"
        echo
        echo "Options: \`$opts\`. The executable is native-check's test link (Temurin 25's JDK libraries, not Mandrel's)."
        [[ $PERF != 1 ]] || { echo; echo "Hottest symbols (perf, cpu-clock, concurrency 64): $OUT/native-profile.txt"; }
        echo
    } >>"$REPORT"
}

# --- Mode callers: one caller far over its budget, another served as before --------------------------------------
# The service with a getcode budget of CALLER_BUDGET (100) a second per caller. Caller B asks at a steady pace well
# within its budget (1 connection, a pause of B_PAUSE_MS, 20, before each request), alone and then while caller A asks
# for CALLER_FLOOD (10) times its budget (8 connections, each pausing as needed); medians of ROUNDS rounds of
# CALLER_SECONDS s (30: the p99 of B's 450 answers in 10 s moved by a third between runs). A's answers beyond its
# budget are 429s; B's p99 with A beside it over B's p99 alone is the verdict (at most 1.5).
mode_callers() {
    local url=http://127.0.0.1:$PORT_SERVICE/api/v1/getcode budget=${CALLER_BUDGET:-100} flood=${CALLER_FLOOD:-10}
    local seconds=${CALLER_SECONDS:-30} b_pause=${B_PAUSE_MS:-20} raw=$OUT/callers.txt
    local a b a_pause round opts a_pid line alone together
    opts=${VARIANTS%%$'\n'*}; opts=${opts##*|}
    # Callers 1-64 warm the service up (within their budgets together), 65 is A, 66 is B.
    curl -sf "http://127.0.0.1:$PORT_STATS/caller-tokens?count=66" >"$OUT/tokens.txt"
    head -64 "$OUT/tokens.txt" >"$OUT/tokens-warm.txt"
    sed -n 65p "$OUT/tokens.txt" >"$OUT/tokens-a.txt"; sed -n 66p "$OUT/tokens.txt" >"$OUT/tokens-b.txt"
    a=$OUT/tokens-a.txt b=$OUT/tokens-b.txt
    # 8 connections at flood x budget: each pauses 8000 / (flood * budget) ms, less a tenth for the answer's own time.
    a_pause=$(( 7200 / (flood * budget) ))
    log "Callers: budget $budget/s; B every $b_pause ms, alone and beside A at $flood x its budget"
    # shellcheck disable=SC2086
    start_service "$LOGS/service-callers.log" $PORT_SERVICE "$APP" "$JAVA17" $opts \
        -Dapp.callers.issue.requests="$budget" -Dapp.callers.issue.period=1s
    first_code "$url"
    local start=$SECONDS before
    before=$(stat_of queueMessages)
    while (( $(stat_of queueMessages) - before < WARMUP_CODES && SECONDS - start < WARMUP_MAX )); do
        wrk -t2 -c64 -d10s --timeout 10s -s src/benchmark/wrk/paced.lua "$url" -- "$OUT/tokens-warm.txt" 0 >/dev/null
    done
    echo "warm-up: $(( $(stat_of queueMessages) - before )) codes from 64 callers" >&2
    : >"$raw"
    for round in $(seq "$ROUNDS"); do
        line=$(wrk -t1 -c1 -d"${seconds}s" --timeout 10s -s src/benchmark/wrk/paced.lua "$url" -- "$b" "$b_pause" \
            | grep '^RESULT')
        echo "$round alone B $line" >>"$raw"
        wrk -t2 -c8 -d"$(( seconds + 2 ))s" --timeout 10s -s src/benchmark/wrk/paced.lua "$url" -- "$a" "$a_pause" \
            | grep '^RESULT' | sed "s/^/$round together A /" >>"$raw" &
        a_pid=$!
        sleep 1 # A's flood is under way (and over budget) before B is measured
        line=$(wrk -t1 -c1 -d"${seconds}s" --timeout 10s -s src/benchmark/wrk/paced.lua "$url" -- "$b" "$b_pause" \
            | grep '^RESULT')
        echo "$round together B $line" >>"$raw"
        wait "$a_pid"
        echo "round $round: $(grep "^$round " "$raw" | tr '\n' ' ')" >&2
    done
    stop_process "$PID"
    PIDS=()
    rm -f "$OUT"/tokens*.txt
    # value <rows> <key>: the median of key=value over the rows
    value() { grep -o " $2=[0-9.]*" <<<"$1" | cut -d= -f2 | median 1; }
    alone=$(grep ' alone B ' "$raw") together=$(grep ' together B ' "$raw")
    local flood_rows; flood_rows=$(grep ' together A ' "$raw")
    {
        echo "### Callers: one over its budget, one within"
        echo
        echo "getcode budget $budget a second per caller. B: 1 connection, $b_pause ms between requests; A: 8" \
            "connections asking for $flood x its budget. Medians of $ROUNDS rounds of $seconds s."
        echo
        echo "| caller | asked /s | served /s | refused (429) /s | p50 ms | p99 ms | errors other than 429 |"
        echo "|---|---:|---:|---:|---:|---:|---:|"
        local rows label
        for label in "B alone" "B beside A" "A"; do
            case $label in "B alone") rows=$alone ;; "B beside A") rows=$together ;; A) rows=$flood_rows ;; esac
            awk -v l="$label" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] += kv[2] } n++ }
                END { d = v["duration_s"]; printf "| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %d |\n", l,
                    v["requests"] / d, (v["requests"] - v["non2xx"]) / d, v["non2xx"] / d, v["p50"] / n, v["p99"] / n,
                    v["errors"] - v["non2xx"] }' <<<"$rows"
        done
        echo
        echo "B's p99 beside A over alone: $(awk -v a="$(value "$together" p99)" -v b="$(value "$alone" p99)" \
            'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}') (medians; target at most 1.5). Rates are sums over" \
            "the rounds over their total duration; p50 and p99 are means of the rounds'."
        echo
    } >>"$REPORT"
}

# --- Run -------------------------------------------------------------------------------------------------------------
case $MODE in
    all | load | memory | startup | profile | soak | native | callers) ;;
    chaos) mode_chaos; exit ;;
    *) die "unknown mode '$MODE' (all, load, memory, startup, profile, soak, native, callers, chaos)" ;;
esac
setup
CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
{
    echo "## Benchmark results ($(date -u +%Y-%m-%dT%H:%MZ), mode $MODE)"
    echo
    echo "Machine: $(nproc) cores ($CPU_MODEL), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM," \
        "$(uname -sr); $("$JAVA17" -version 2>&1 | head -1); service, floor, stubs and wrk share the machine."
    echo
} >"$REPORT"
case $MODE in
    all) mode_load; mode_startup; mode_memory ;; # startup trains the AOT cache that memory then uses
    *) "mode_$MODE" ;;
esac
echo
cat "$REPORT"
