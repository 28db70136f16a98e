#!/usr/bin/env bash
# Benchmark of GET /api/v1/getcode on fast local stubs (see README, "Performance").
#
#   src/benchmark/run.sh
#
# Builds the prod jar, starts fast TLS stubs for Entra, Key Vault, the RandomNumber API and Queue Storage on
# 127.0.0.1, starts the service, drives it with wrk at several concurrencies, and measures start-up. Everything
# listens on 127.0.0.1, ports 18200-18209; every load step is bounded in time. Results: target/benchmark/results.md.
#
# Settings (environment): ROUNDS (3), DURATION s per step (10), WARMUP_CODES (60000), WARMUP_MAX s (120), LEVELS ("1 16 64 256"),
# STARTS (5), JDK25_HOME (Temurin 25; start-up variants on 25 are skipped without it), STUB_LOOPS (2),
# SERVICE_OPTS (extra JVM options for the measured service), LOWMEM_OPTS and LOWMEM_ENV (the low-memory setting),
# LOWMEM_CODES (100000), SKIP_BUILD=1, SKIP_LOAD=1 (start-up only), SKIP_STARTUP=1, SKIP_LOWMEM=1.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP_CODES=${WARMUP_CODES:-60000}
WARMUP_MAX=${WARMUP_MAX:-120}
LEVELS=${LEVELS:-1 16 64 256}
STARTS=${STARTS:-5}
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
STUB_LOOPS=${STUB_LOOPS:-2}
SERVICE_OPTS=${SERVICE_OPTS:-}
# The low-memory setting: a small serial-GC heap, C1 only (no C2 arenas), smaller code cache, and (environment) two
# glibc malloc arenas instead of one per thread.
LOWMEM_OPTS=${LOWMEM_OPTS:--Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=80m}
LOWMEM_ENV=${LOWMEM_ENV:-MALLOC_ARENA_MAX=2}
LOWMEM_CODES=${LOWMEM_CODES:-100000}
SKIP_BUILD=${SKIP_BUILD:-0}
SKIP_STARTUP=${SKIP_STARTUP:-0}
SKIP_LOWMEM=${SKIP_LOWMEM:-0}
SKIP_LOAD=${SKIP_LOAD:-0}

PORT_SERVICE=18200
PORT_HTTPS=18201
PORT_QUEUE=18202
PORT_STATS=18203
PORT_MI=18204 # managed-identity port of LocalAzureEndpoints; nothing listens there (service principal flow)
API_KEY=benchmark-third-party-api-key
URL=http://127.0.0.1:$PORT_SERVICE/api/v1/getcode

OUT=$PWD/target/benchmark
LOGS=$OUT/logs
CLASSES=$OUT/classes
APP=target/quarkus-app
TLS=target/local-azure/tls
CLK_TCK=$(getconf CLK_TCK)
JAVA17=${JAVA17:-java}

STUB_PID=
SERVICE_PID=
cleanup() {
    local pid
    for pid in $SERVICE_PID $STUB_PID; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'benchmark: %s\n' "$*" >&2; exit 1; }

# --- Tools -------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        log "Installing wrk from Debian"
        apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
    else
        die "wrk is missing: sudo apt-get install wrk"
    fi
fi
[[ -x $JDK25_HOME/bin/java ]] || { echo "No JDK 25 at $JDK25_HOME: start-up on JDK 25 is skipped." >&2; JDK25_HOME=; }

# --- Build -------------------------------------------------------------------------------------------------------
# The prod jar. With JDK 25 present the build runs on it and also writes Quarkus's AOT cache
# (quarkus.package.jar.aot.*, app.aot); the classes are release 17 either way, so the same jar runs on Java 17.
if [[ $SKIP_BUILD != 1 ]]; then
    if [[ -n $JDK25_HOME ]]; then
        log "Building the prod jar (JDK 25, with the Quarkus AOT cache)"
        JAVA_HOME=$JDK25_HOME ./mvnw -q -B package -DskipTests -Dquarkus.package.jar.aot.enabled=true \
            -Dquarkus.package.jar.aot.type=AOT -Dquarkus.package.jar.aot.phase=BUILD
    else
        log "Building the prod jar"
        ./mvnw -q -B package -DskipTests
    fi
fi
[[ -f $APP/quarkus-run.jar && -f $TLS/local-azure.p12 ]] || die "no prod jar or TLS material: run without SKIP_BUILD"
mkdir -p "$LOGS" "$CLASSES"
javac -nowarn -d "$CLASSES" -cp "target/classes:$APP/lib/main/*" src/benchmark/java/dev/integratedauth/benchmark/*.java

# --- Stubs -------------------------------------------------------------------------------------------------------
mapfile -t SERVICE_CONFIG < <("$JAVA17" -cp "$CLASSES:target/classes" dev.integratedauth.benchmark.ServiceConfig \
    $PORT_MI $PORT_HTTPS $PORT_QUEUE $TLS)
mapfile -t PRINCIPAL < <("$JAVA17" -cp "$CLASSES:target/classes" dev.integratedauth.benchmark.ServiceConfig \
    $PORT_MI $PORT_HTTPS $PORT_QUEUE $TLS --stub-args | grep -v '^-D')
SERVICE_CONFIG+=("-Dquarkus.http.host=127.0.0.1" "-Dquarkus.http.port=$PORT_SERVICE")

for port in $PORT_SERVICE $PORT_HTTPS $PORT_QUEUE $PORT_STATS; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use"; fi
done

log "Starting the fast stubs ($STUB_LOOPS event loops)"
"$JAVA17" -Xmx256m -cp "$CLASSES:$APP/lib/main/*" dev.integratedauth.benchmark.FastStubs $PORT_HTTPS $PORT_QUEUE \
    $PORT_STATS "$TLS/local-azure.p12" local-azure "${PRINCIPAL[@]}" "$API_KEY" "$STUB_LOOPS" >"$LOGS/stubs.log" 2>&1 &
STUB_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT_STATS/stats" >/dev/null && break; sleep 0.1; done
stat_of() { curl -sf "http://127.0.0.1:$PORT_STATS/stats" | sed -E "s/.*\"$1\":([0-9]+).*/\1/"; }

# --- Helpers -----------------------------------------------------------------------------------------------------
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

# start_service <log> <java> <jvm options...>: starts the prod jar on the stubs and waits until it listens. It runs in
# target/quarkus-app, as `java -jar quarkus-run.jar`: Quarkus's AOT cache only maps with that class path.
start_service() {
    local logfile=$1 java=$2
    shift 2
    # SERVICE_ENV: extra environment (NAME=value ...) for this start only.
    # shellcheck disable=SC2086
    (cd "$APP" && exec env ${SERVICE_ENV:-} "$java" -XX:ErrorFile="$LOGS/hs_err_%p.log" "$@" "${SERVICE_CONFIG[@]}" \
        -jar quarkus-run.jar) \
        >"$logfile" 2>&1 &
    SERVICE_PID=$!
    for _ in $(seq 600); do
        curl -so /dev/null "http://127.0.0.1:$PORT_SERVICE/" && return 0
        kill -0 "$SERVICE_PID" 2>/dev/null || die "the service died, see $logfile"
        sleep 0.1
    done
    die "the service did not start within 60 s, see $logfile"
}

stop_service() {
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=
}

# load <concurrency> <seconds>: one bounded wrk step; prints
# "codes codes_per_s p50 p90 p99 max errors svc_cpu stub_cpu svc_cpu_without_jit", CPU in ms per 1000 codes, from /proc.
load() {
    local c=$1 seconds=$2 threads=2
    (( c < 2 )) && threads=1
    local svc0 stub0 jit0 svc1 stub1 jit1 line
    svc0=$(cpu_ticks "$SERVICE_PID"); stub0=$(cpu_ticks "$STUB_PID"); jit0=$(jit_ticks "$SERVICE_PID")
    line=$(wrk -t"$threads" -c"$c" -d"${seconds}s" --timeout 10s -s src/benchmark/wrk/report.lua "$URL" | grep '^RESULT')
    svc1=$(cpu_ticks "$SERVICE_PID"); stub1=$(cpu_ticks "$STUB_PID"); jit1=$(jit_ticks "$SERVICE_PID")
    echo "$line" | awk -v s0="$svc0" -v s1="$svc1" -v t0="$stub0" -v t1="$stub1" -v j0="$jit0" -v j1="$jit1" \
        -v hz="$CLK_TCK" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        codes = v["requests"] - v["non2xx"]
        per = codes > 0 ? 1000000 / hz / codes : 0
        printf "%d %.0f %s %s %s %s %d %.3f %.3f %.3f\n", codes, codes / v["duration_s"], v["p50"], v["p90"], v["p99"],
            v["max"], v["errors"], (s1 - s0) * per, (t1 - t0) * per, (s1 - s0 - (j1 - j0)) * per }'
}

# median of column <n> of stdin
median() { awk -v n="$1" '{print $n}' | sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# --- Correctness, then load --------------------------------------------------------------------------------------
log "Starting the service (Java 17, default heap${SERVICE_OPTS:+, $SERVICE_OPTS})"
# shellcheck disable=SC2086
start_service "$LOGS/service.log" "$JAVA17" $SERVICE_OPTS
# The first code reads Key Vault and loads most of the classes; on a busy machine it can miss the 10 s deadline.
FIRST=
for _ in 1 2 3; do FIRST=$(curl -sf -m 30 "$URL") && break; sleep 1; done
[[ -n $FIRST ]] || die "no code from /api/v1/getcode, see $LOGS/service.log"
echo "first code: $FIRST" >&2
QUEUED=$(curl -sf "http://127.0.0.1:$PORT_STATS/stats" | sed -E 's/.*"lastMessage":"(.*)"}$/\1/; s/\\"/"/g')
[[ $QUEUED == "$FIRST" ]] || die "the queue got '$QUEUED', the caller '$FIRST'"
echo "the queue stub received the same JSON: ok" >&2
curl -sf "http://127.0.0.1:$PORT_STATS/first-queue-request" >"$LOGS/first-queue-request.txt"

# Warm-up until the JIT has seen WARMUP_CODES codes (C2 needs them; on a busy machine that takes longer), bounded
# by WARMUP_MAX seconds.
(( SKIP_LOAD != 1 )) || { WARMUP_CODES=0; ROUNDS=0; SKIP_LOWMEM=1; }
log "Warm-up: $WARMUP_CODES codes at concurrency 64, at most $WARMUP_MAX s"
warm_start=$SECONDS
while (( $(stat_of queueMessages) < WARMUP_CODES && SECONDS - warm_start < WARMUP_MAX )); do
    load 64 10 >/dev/null
done
WARMUP_DONE=$(stat_of queueMessages)

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RAW=$OUT/raw.txt
: >"$RAW"
for round in $(seq "$ROUNDS"); do
    for c in $LEVELS; do
        row=$(load "$c" "$DURATION")
        echo "$round $c $row" >>"$RAW"
        echo "round $round, concurrency $c: $row" >&2
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
CODES_TOTAL=$(stat_of queueMessages)
KV_READS=$(stat_of keyVaultReads)
TOKENS=$(stat_of tokens)
REJECTED=$(stat_of rejected)
CONNECTIONS=$(stat_of connections)
QUEUE_CONNECTIONS=$(stat_of queueConnections)
RSS=$(rss_mb "$SERVICE_PID" VmRSS)
HWM=$(rss_mb "$SERVICE_PID" VmHWM)
stop_service

# --- Low-memory setting ------------------------------------------------------------------------------------------
LOWMEM_LINE="(skipped)"
if [[ $SKIP_LOWMEM != 1 ]]; then
    log "Low-memory setting: $LOWMEM_OPTS, until $LOWMEM_CODES codes"
    # shellcheck disable=SC2086
    # shellcheck disable=SC2086
    SERVICE_ENV=$LOWMEM_ENV start_service "$LOGS/service-lowmem.log" "$JAVA17" $LOWMEM_OPTS
    before=$(stat_of queueMessages)
    low_rows=""
    for _ in $(seq 20); do # bounded: at most 20 steps of 10 s
        low_rows+="$(load 64 10)"$'\n'
        (( $(stat_of queueMessages) - before >= LOWMEM_CODES )) && break
    done
    low_codes=$(( $(stat_of queueMessages) - before ))
    low_rate=$(printf '%s' "$low_rows" | median 2)
    low_errors=$(printf '%s' "$low_rows" | awk '{s += $7} END {print s + 0}')
    LOWMEM_LINE="RSS $(rss_mb "$SERVICE_PID" VmRSS) MB after $low_codes codes (peak $(rss_mb "$SERVICE_PID" VmHWM) MB), $low_rate codes/s at 64, $low_errors errors"
    echo "$LOWMEM_LINE" >&2
    stop_service
fi

# --- Start-up ----------------------------------------------------------------------------------------------------
STARTUP_ROWS=()
probe() { # probe <label> <java> <options...>
    local label=$1 java=$2
    shift 2
    log "Start-up: $label ($STARTS starts)"
    local result
    result=$(cd "$APP" && "$java" -cp "$CLASSES" dev.integratedauth.benchmark.StartupProbe "$STARTS" $PORT_SERVICE 60 \
        "$LOGS/startup.log" -- "$java" "$@" "${SERVICE_CONFIG[@]}" -jar quarkus-run.jar \
        | while IFS= read -r line; do echo "$line" >&2; [[ $line != MEDIAN* ]] || echo "$line"; done)
    STARTUP_ROWS+=("$(echo "$result" | awk -v l="$label" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "| %s | %s | %s | %s |", l, v["wall_ms"], v["cpu_ms"], v["failed"] }')")
}
# train <log> <java> <options...>: the service serves 2 s of codes, then stops normally, so the JVM writes its
# class archive (AppCDS) or AOT cache at exit.
train() {
    local logfile=$1
    shift
    start_service "$logfile" "$@"
    curl -sf "$URL" >/dev/null
    wrk -t1 -c4 -d2s "$URL" >/dev/null
    stop_service
}
if [[ $SKIP_STARTUP != 1 ]]; then
    : >"$LOGS/startup.log"
    probe "Java 17" "$JAVA17"
    log "Training an AppCDS archive on Java 17 (-XX:ArchiveClassesAtExit, start-up plus codes)"
    rm -f "$OUT/app-cds.jsa"
    train "$LOGS/train-appcds.log" "$JAVA17" -XX:ArchiveClassesAtExit="$OUT/app-cds.jsa"
    if [[ -s $OUT/app-cds.jsa ]]; then
        probe "Java 17 + AppCDS (trained on codes)" "$JAVA17" -XX:SharedArchiveFile="$OUT/app-cds.jsa"
    else
        # Seen with 17.0.15: SIGSEGV in SystemDictionaryShared::adjust_lambda_proxy_class_dictionary at exit.
        STARTUP_ROWS+=("| Java 17 + AppCDS (trained on codes) | no archive: the JVM failed writing it, see $LOGS | - | - |")
    fi
    if [[ -n $JDK25_HOME ]]; then
        probe "Java 25" "$JDK25_HOME/bin/java"
        if [[ -f $APP/app.aot ]]; then
            probe "Java 25 + AOT cache (quarkus.package.jar.aot, build phase)" "$JDK25_HOME/bin/java" \
                -XX:AOTCache=app.aot
        fi
        log "Training an AOT cache on Java 25 (-XX:AOTCacheOutput, start-up plus codes)"
        rm -f "$OUT/app-trained.aot"
        train "$LOGS/train-aot.log" "$JDK25_HOME/bin/java" -XX:AOTCacheOutput="$OUT/app-trained.aot"
        probe "Java 25 + AOT cache (trained on codes)" "$JDK25_HOME/bin/java" -XX:AOTCache="$OUT/app-trained.aot"
    fi
fi

# --- Report ------------------------------------------------------------------------------------------------------
CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
{
    echo "## Benchmark results ($(date -u +%Y-%m-%dT%H:%MZ))"
    echo
    echo "Machine: $(nproc) cores ($CPU_MODEL), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM," \
        "$(uname -sr); $("$JAVA17" -version 2>&1 | head -1); service, stubs and wrk share the machine;" \
        "load average $LOAD_BEFORE before the measured rounds, $LOAD_AFTER after (other work on the machine included)."
    echo "Medians of $ROUNDS rounds of $DURATION s per concurrency (wrk, keep-alive, HTTP/1.1), after a warm-up of $WARMUP_DONE codes." \
        "CPU = user+system time of the process from /proc per 1000 codes."
    echo
    echo "| concurrency | codes/s | p50 ms | p90 ms | p99 ms | max ms | errors | service CPU ms / 1000 codes | of which not JIT | stubs CPU ms / 1000 codes |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for c in $LEVELS; do
        rows=$(awk -v c="$c" '$2 == c {$1 = ""; $2 = ""; print}' "$RAW")
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$c" \
            "$(echo "$rows" | median 2)" "$(echo "$rows" | median 3)" "$(echo "$rows" | median 4)" \
            "$(echo "$rows" | median 5)" "$(echo "$rows" | median 6)" \
            "$(echo "$rows" | awk '{s += $7} END {print s + 0}') (all rounds)" \
            "$(echo "$rows" | median 8)" "$(echo "$rows" | median 10)" "$(echo "$rows" | median 9)"
    done
    echo
    echo "- Key Vault reads: $KV_READS (token requests: $TOKENS; requests the stubs rejected: $REJECTED;" \
        "TLS connections the stubs accepted: $CONNECTIONS Entra/Key Vault/API, $QUEUE_CONNECTIONS queue)"
    echo "- RSS after $CODES_TOTAL codes, default heap${SERVICE_OPTS:+ ($SERVICE_OPTS)}: $RSS MB (peak $HWM MB)"
    echo "- Low-memory setting \`$LOWMEM_ENV java $LOWMEM_OPTS\`: $LOWMEM_LINE"
    if (( ${#STARTUP_ROWS[@]} )); then
        echo
        echo "Start-up: process start to the first successful \`/api/v1/getcode\` (Key Vault read, token, API, queue included), median of $STARTS starts:"
        echo
        echo "| JVM | wall ms | CPU ms | failed starts |"
        echo "|---|---:|---:|---:|"
        printf '%s\n' "${STARTUP_ROWS[@]}"
    fi
} >"$OUT/results.md"
echo
cat "$OUT/results.md"
