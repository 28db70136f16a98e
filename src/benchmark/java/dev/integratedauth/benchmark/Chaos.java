package dev.integratedauth.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.testing.TcpGate;

/**
 * The chaos run ({@code src/benchmark/run.sh chaos}, docs/reliability.md): the prod jar with its consumer on, under a
 * steady load of getcode and verify calls, against the local Azure (Azurite, the Entra/Key Vault/API stubs), while a
 * seeded schedule injects faults one after another, sometimes two at once, and once stops the service with SIGTERM
 * and starts it again as a revision change does. At the end it checks the invariants and prints the verdict.
 * <p>
 * Usage: {@code Chaos <seconds> <seed> <report file> <service command...>}; everything listens on 127.0.0.1, ports
 * 18210-18219.
 */
public final class Chaos {

    static final LocalAzureEndpoints ENDPOINTS = new LocalAzureEndpoints(18210, 18211, 18212, 18213);
    static final int QUEUE_PROXY = 18214;
    static final int TABLE_PROXY = 18215;
    static final int SERVICE = 18216;
    static final int IDENTITY_GATE = 18217;
    static final String KEY = "chaos-third-party-key-0";
    /** Short validity, so codes expire, are verified too late and are cleaned up within the run. */
    static final Duration VALIDITY = Duration.ofSeconds(30);
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** A fault is over when the service gives codes again within this. */
    static final Duration RECOVERY = Duration.ofSeconds(5);
    /** A request Azurite takes longer than this to answer means the local Azure itself stalled. */
    static final Duration STALL = Duration.ofSeconds(1);
    /** The consumer removes an expired code's entity within this after its validity. */
    static final Duration CONSUMER_LAG = Duration.ofSeconds(30);
    static final int WORKERS = 6;
    /** A fault's WARN lines: the outage's first per cause, the recovery's, a consumer's back-off. */
    static final int MAX_WARN_PER_FAULT = 6;

    enum Fault {
        API_500, API_HANG, API_GARBAGE, QUEUE_503, QUEUE_500, QUEUE_HANG, QUEUE_RESET, TABLE_500, TABLE_503,
        TABLE_409_ON_INSERT, TABLE_412_ON_VERIFY, IDENTITY_REFUSED, KEY_VAULT_DOWN
    }

    /** Which bound an invariant holds the service to. */
    enum Kind {
        /** Nothing lost, doubled, leaked or left unclean: holds on any machine, however loaded. */
        CORRECTNESS,
        /** A time or growth bound: measured on a machine whose cores Azurite and the harness share. */
        TIMING;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The run's verdict and the exit code that says it (2 is left for a run that broke). */
    enum Verdict {
        PASS(0), FAIL(1), FAIL_ON_TIMING_ONLY(3);

        final int exitCode;

        Verdict(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    record Window(Fault fault, long startMillis, long endMillis) {
    }

    record Call(String kind, long startMillis, long millis, int status, boolean problem, String code, Boolean valid,
            String retryAfter) {
    }

    record Issued(String code, long issuedAtMillis) {
    }

    private final long runMillis;
    private final Random random;
    private final Path report;
    private final List<String> command;
    private final Path logs;
    private final long origin = System.currentTimeMillis();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final List<Window> windows = Collections.synchronizedList(new ArrayList<>());
    private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<String> keys = Collections.synchronizedList(new ArrayList<>(List.of(KEY)));
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger unanswered = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> apiAnswers = new ConcurrentLinkedQueue<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private LocalAzure azure;
    private StorageFaults queue;
    private StorageFaults table;
    private TcpGate identity;
    private volatile Process service;
    private volatile String token;
    private int generation;
    private final List<Integer> exitCodes = new ArrayList<>();
    /** The slowest return to codes after each kind of fault, in ms. */
    private final Map<Fault, Long> recoveries = new TreeMap<>();
    private long restartMillis = -1;
    private long restartedServingMillis = -1;

    private Chaos(long runMillis, long seed, Path report, List<String> command) {
        this.runMillis = runMillis;
        this.random = new Random(seed);
        this.report = report;
        this.command = command;
        this.logs = report.getParent().resolve("chaos-logs");
    }

    public static void main(String[] args) throws Exception {
        Chaos chaos = new Chaos(Long.parseLong(args[0]) * 1000, Long.parseLong(args[1]), Path.of(args[2]),
                List.of(args).subList(3, args.length));
        int exit;
        try {
            exit = chaos.run(Long.parseLong(args[1])).exitCode;
        } catch (Exception e) {
            e.printStackTrace();
            exit = 2;
        } finally {
            chaos.close();
        }
        System.exit(exit);
    }

    private Verdict run(long seed) throws Exception {
        Files.createDirectories(logs);
        azure = LocalAzure.start(LocalAzure.Settings.inProject(ENDPOINTS, KEY, false));
        // Tokens expire during the run, so an identity outage can meet a token that runs out.
        azure.setTokenLifetime(Duration.ofMinutes(2));
        queue = new StorageFaults("queue", QUEUE_PROXY, ENDPOINTS.queue(), azure.tls(), origin);
        table = new StorageFaults("table", TABLE_PROXY, ENDPOINTS.table(), azure.tls(), origin);
        identity = new TcpGate(IDENTITY_GATE, ENDPOINTS.http());
        identity.set(TcpGate.Mode.OPEN);
        // When the API stub answered each request: tells a late stub (the harness starved) from a service that did not
        // read a prompt answer in time, when the API times out.
        azure.stubs().addMockServiceRequestListener((request, response) -> {
            if (request.getUrl().startsWith("/api/RandomNumber")) {
                apiAnswers.add((System.currentTimeMillis() - origin) + "," + response.getStatus() + ","
                        + response.getInitialDelay());
            }
        });
        token = azure.callerToken().validFor(Duration.ofHours(2)).mint();
        startService();

        ExecutorService load = Executors.newFixedThreadPool(WORKERS + 2);
        for (int i = 0; i < WORKERS; i++) {
            load.submit(this::worker);
        }
        load.submit(this::sampler);
        schedule();
        running.set(false);
        load.shutdown();
        load.awaitTermination(DEADLINE.toSeconds() + 5, TimeUnit.SECONDS);
        // Everything issued has expired and the consumer has had its lag bound to clean up.
        long settle = VALIDITY.plus(CONSUMER_LAG).toMillis();
        long stopped = now();
        log("load stopped; waiting " + settle / 1000 + " s for the consumer to expire every code");
        Thread.sleep(settle); // the run's own clock: codes must outlive their validity, nothing to wait for instead
        // Time the local Azure itself stood still meanwhile is not the consumer's lag: it gets that much longer, once.
        long stalled = stalls().stream().mapToLong(st -> Math.max(0, st[1] - Math.max(st[0], stopped))).sum();
        if (stalled > 0) {
            log("the local Azure stalled for " + stalled + " ms meanwhile; waiting as much longer");
            Thread.sleep(stalled);
        }
        List<Map<String, Object>> entities = azure.entities();
        stopService();
        return verdict(seed, entities);
    }

    // ---- The schedule -------------------------------------------------------------------------------------------

    private void schedule() throws Exception {
        long warmUp = Math.min(15_000, runMillis / 10);
        long restartAt = runMillis * 2 / 5;
        boolean restarted = false;
        sleepUntil(warmUp);
        Fault[] faults = System.getenv("CHAOS_FAULTS") == null ? Fault.values()
                : java.util.Arrays.stream(System.getenv("CHAOS_FAULTS").split("[ ,]+")).map(Fault::valueOf)
                        .toArray(Fault[]::new);
        int next = random.nextInt(faults.length);
        while (now() < runMillis - 20_000) {
            if (!restarted && now() >= restartAt) {
                restart();
                restarted = true;
                sleepUntil(now() + 5_000);
                continue;
            }
            Fault first = faults[next++ % faults.length];
            Fault candidate = faults[random.nextInt(faults.length)];
            // Sometimes two at once, on different dependencies (one proxy has one mode at a time).
            Fault second = random.nextInt(4) == 0 && target(candidate) != target(first) ? candidate : null;
            long length = 4_000 + random.nextInt(8_000);
            long start = now();
            inject(first, true);
            if (second != null && second != first) {
                inject(second, true);
            }
            boolean rotate = random.nextInt(4) == 0;
            if (rotate) {
                sleepUntil(start + length / 2);
                rotateKey();
            }
            sleepUntil(start + length);
            inject(first, false);
            windows.add(new Window(first, start, now()));
            if (second != null && second != first) {
                inject(second, false);
                windows.add(new Window(second, start, now()));
            }
            sleepUntil(now() + 4_000 + random.nextInt(5_000));
        }
        if (!restarted) {
            restart();
        }
        sleepUntil(runMillis);
    }

    private static String target(Fault fault) {
        return fault.name().substring(0, fault.name().indexOf('_'));
    }

    private void inject(Fault fault, boolean on) {
        log((on ? "inject " : "end ") + fault);
        UUID id = UUID.nameUUIDFromBytes(fault.name().getBytes(StandardCharsets.UTF_8));
        switch (fault) {
            case API_500 -> stub(on, id, WireMock.any(WireMock.urlPathEqualTo("/api/RandomNumber")),
                    WireMock.aResponse().withStatus(500));
            case API_HANG -> stub(on, id, WireMock.any(WireMock.urlPathEqualTo("/api/RandomNumber")),
                    WireMock.aResponse().withStatus(200).withBody("{\"value\": 7}").withFixedDelay(15_000));
            case API_GARBAGE -> stub(on, id, WireMock.any(WireMock.urlPathEqualTo("/api/RandomNumber")),
                    WireMock.aResponse().withStatus(200).withBody("<html>not a number</html>"));
            case KEY_VAULT_DOWN -> stub(on, id, WireMock.get(WireMock.urlPathMatching("/secrets/.*"))
                    .withHeader("Authorization", WireMock.matching("Bearer .+")),
                    WireMock.aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"chaos\"}}"));
            case QUEUE_503 -> queue.set(on ? StorageFaults.Mode.STATUS_503 : StorageFaults.Mode.PASS);
            case QUEUE_500 -> queue.set(on ? StorageFaults.Mode.STATUS_500 : StorageFaults.Mode.PASS);
            case QUEUE_HANG -> queue.set(on ? StorageFaults.Mode.HANG : StorageFaults.Mode.PASS);
            case QUEUE_RESET -> queue.set(on ? StorageFaults.Mode.RESET : StorageFaults.Mode.PASS);
            case TABLE_500 -> table.set(on ? StorageFaults.Mode.STATUS_500 : StorageFaults.Mode.PASS);
            case TABLE_503 -> table.set(on ? StorageFaults.Mode.STATUS_503 : StorageFaults.Mode.PASS);
            case TABLE_409_ON_INSERT -> table.set(on ? StorageFaults.Mode.CONFLICT_ON_INSERT : StorageFaults.Mode.PASS);
            case TABLE_412_ON_VERIFY -> table.set(on ? StorageFaults.Mode.PRECONDITION_ON_UPDATE
                    : StorageFaults.Mode.PASS);
            case IDENTITY_REFUSED -> identity.set(on ? TcpGate.Mode.REFUSE : TcpGate.Mode.OPEN);
        }
    }

    private void stub(boolean on, UUID id, com.github.tomakehurst.wiremock.client.MappingBuilder request,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        if (on) {
            azure.stubs().stubFor(request.withId(id).atPriority(1).willReturn(answer));
        } else {
            azure.stubs().removeStub(azure.stubs().getSingleStubMapping(id));
        }
    }

    private void rotateKey() {
        String key = "chaos-third-party-key-" + keys.size();
        keys.add(key);
        log("rotate the API key");
        azure.rotateThirdPartyKey(key);
    }

    // ---- The service ---------------------------------------------------------------------------------------------

    private void startService() throws Exception {
        generation++;
        List<String> line = new ArrayList<>(command);
        Map<String, String> config = new LinkedHashMap<>(ENDPOINTS.serviceConfigForManagedIdentity(azure.tls()));
        config.put("app.azure.queue.url", config.get("app.azure.queue.url")
                .replace(":" + ENDPOINTS.queue() + "/", ":" + QUEUE_PROXY + "/"));
        config.put("app.azure.table.url", config.get("app.azure.table.url")
                .replace(":" + ENDPOINTS.table() + "/", ":" + TABLE_PROXY + "/"));
        config.putAll(ServiceConfig.unlimitedBudgets());
        config.put("app.consumer.enabled", "true");
        config.put("app.codes.validity", VALIDITY.toSeconds() + "s");
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.http.port", Integer.toString(SERVICE));
        int jar = line.indexOf("-jar");
        // GC pauses by time of day, to tell a paused service from a slow dependency when a recovery is slow.
        line.add(jar < 0 ? line.size() : jar++, "-Xlog:gc:file=" + logs.resolve("service-" + generation + "-gc.log")
                + ":time,uptime");
        List<String> options = config.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
        line.addAll(jar < 0 ? line.size() : jar, options);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(logs.resolve("service-" + generation + ".log").toFile());
        builder.environment().putAll(ServiceConfig.managedIdentityEnvironment(ENDPOINTS));
        builder.environment().put("IDENTITY_ENDPOINT", "http://127.0.0.1:" + IDENTITY_GATE + "/msi/token");
        service = builder.start();
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited, see " + logs);
            }
            if (get("/q/health/ready") == 200) {
                log("service " + generation + " ready (pid " + service.pid() + ")");
                return;
            }
            Thread.sleep(100); // polling a starting process: nothing to wait on instead
        }
        throw new IllegalStateException("the service was not ready within 60 s, see " + logs);
    }

    /** SIGTERM as Container Apps sends it to the old revision, then a new process, as the new revision. */
    private void restart() throws Exception {
        log("SIGTERM and restart");
        restartMillis = now();
        stopService();
        startService();
        restartedServingMillis = now();
    }

    private void stopService() throws InterruptedException {
        Process running = service;
        running.destroy(); // SIGTERM
        if (!running.waitFor(30, TimeUnit.SECONDS)) {
            running.destroyForcibly();
            exitCodes.add(-1);
        } else {
            exitCodes.add(running.exitValue());
        }
    }

    private int get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVICE + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ---- The load ------------------------------------------------------------------------------------------------

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VALID = Pattern.compile("\"valid\"\\s*:\\s*(true|false)");

    private void worker() {
        Random own = new Random(random.nextLong());
        List<Issued> mine = new ArrayList<>();
        while (running.get()) {
            Call got = call("getcode", HttpRequest.newBuilder(uri("/api/v1/getcode")).GET(), null);
            if (got != null && got.status() == 200 && got.code() != null) {
                Issued code = new Issued(got.code(), got.startMillis() + got.millis());
                issued.put(code.code(), code);
                mine.add(code);
                // Most codes are verified at once; some twice; some kept to be verified after their validity.
                int choice = own.nextInt(10);
                if (choice < 7) {
                    verify(code.code());
                }
                if (choice == 0) {
                    verify(code.code());
                }
            }
            // Codes kept past their validity: verified once they have expired (must be invalid).
            mine.removeIf(code -> {
                if (now() - code.issuedAtMillis() > VALIDITY.toMillis() + 2_000) {
                    if (own.nextInt(3) == 0) {
                        verify(code.code());
                    }
                    return true;
                }
                return false;
            });
            pause(20);
        }
    }

    private void verify(String code) {
        call("verify", HttpRequest.newBuilder(uri("/api/v1/codes/verify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")), code);
    }

    private Call call(String kind, HttpRequest.Builder request, String code) {
        long start = now();
        try {
            HttpResponse<String> answer = http.send(request.header("Authorization", "Bearer " + token)
                    .timeout(DEADLINE.plusSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            long millis = now() - start;
            String type = answer.headers().firstValue("Content-Type").orElse("");
            String body = answer.body();
            Matcher c = CODE.matcher(body);
            Matcher v = VALID.matcher(body);
            Call done = new Call(kind, start, millis, answer.statusCode(), type.startsWith("application/problem+json"),
                    code != null ? code : c.find() ? c.group(1) : null,
                    v.find() ? Boolean.valueOf(v.group(1)) : null,
                    answer.headers().firstValue("Retry-After").orElse(null));
            calls.add(done);
            return done;
        } catch (IOException e) {
            unanswered.incrementAndGet(); // connection refused while the service restarts
            calls.add(new Call(kind, start, now() - start, -1, false, code, null, null));
            pause(100);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void sampler() {
        while (running.get()) {
            Process p = service;
            try {
                long rss = 0;
                long threads = 0;
                for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("\\D", ""));
                    } else if (line.startsWith("Threads:")) {
                        threads = Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
                samples.add(new long[] {now(), generation, rss, threads});
            } catch (IOException | RuntimeException e) {
                // the process is between generations
            }
            pause(5_000);
        }
    }

    // ---- The verdict ---------------------------------------------------------------------------------------------

    private Verdict verdict(long seed, List<Map<String, Object>> entities) throws IOException {
        List<Call> all = new ArrayList<>(calls);
        List<String[]> rows = new ArrayList<>();
        boolean correct = true;
        boolean timely = true;

        // 1. Nothing lost: each code given out has exactly one message, and its entity was written.
        List<String> codes = all.stream().filter(c -> c.kind().equals("getcode") && c.status() == 200)
                .map(Call::code).toList();
        long notOneMessage = codes.stream().filter(c -> count(queue.enqueued, c) != 1).count();
        long noEntity = codes.stream().filter(c -> count(table.written, c) == 0).count();
        correct &= row(rows, Kind.CORRECTNESS, "every code given out has exactly one queue message", notOneMessage == 0,
                codes.size() + " codes, " + notOneMessage + " without exactly one message" + examples(codes.stream()
                        .filter(c -> count(queue.enqueued, c) != 1).map(c -> c + " x" + count(queue.enqueued, c))));
        correct &= row(rows, Kind.CORRECTNESS, "every code given out was recorded in the table", noEntity == 0,
                noEntity + " of " + codes.size() + " never written" + examples(codes.stream()
                        .filter(c -> count(table.written, c) == 0)));

        // 2. Verification: valid at most once, never after the validity.
        Map<String, Integer> validAnswers = new TreeMap<>();
        long validLate = 0;
        for (Call c : all) {
            if (c.kind().equals("verify") && c.status() == 200 && Boolean.TRUE.equals(c.valid())) {
                validAnswers.merge(c.code(), 1, Integer::sum);
                Issued code = issued.get(c.code());
                if (code != null && c.startMillis() > code.issuedAtMillis() + VALIDITY.toMillis() + 1_000) {
                    validLate++;
                }
            }
        }
        long twice = validAnswers.values().stream().filter(n -> n > 1).count();
        long verifies = all.stream().filter(c -> c.kind().equals("verify")).count();
        correct &= row(rows, Kind.CORRECTNESS, "no code is verified valid twice", twice == 0,
                verifies + " verifications, " + validAnswers.size() + " valid, " + twice + " codes valid twice");
        correct &= row(rows, Kind.CORRECTNESS, "no code is valid after its validity", validLate == 0,
                validLate + " valid too late");
        long cutoff = System.currentTimeMillis() - VALIDITY.plus(CONSUMER_LAG).toMillis();
        long outliving = entities.stream().filter(e -> {
            Issued code = issued.get(String.valueOf(e.get("PartitionKey")));
            return code != null && code.issuedAtMillis() + origin < cutoff;
        }).count();
        timely &= row(rows, Kind.TIMING, "no entity outlives its code by more than the consumer's lag bound ("
                + CONSUMER_LAG.toSeconds() + " s)", outliving == 0,
                entities.size() + " entities left, " + outliving + " past the bound");

        // 3. Answers: within the deadline, and every non-200 a problem.
        long late = all.stream().filter(c -> c.status() > 0 && c.millis() > DEADLINE.toMillis() + 1_000).count();
        long notProblem = all.stream().filter(c -> c.status() > 0 && c.status() != 200 && !c.problem()).count();
        long max = all.stream().filter(c -> c.status() > 0).mapToLong(Call::millis).max().orElse(0);
        timely &= row(rows, Kind.TIMING, "no request waits past its deadline (" + DEADLINE.toSeconds() + " s)",
                late == 0, late + " late; slowest " + max + " ms");
        correct &= row(rows, Kind.CORRECTNESS, "every non-200 is a problem JSON", notProblem == 0,
                notProblem + " not a problem; statuses " + statuses(all));

        // 4. Recovery after each fault, without restart.
        long worst = 0;
        int slow = 0;
        int afterStall = 0;
        recoveries.clear();
        List<Window> done = new ArrayList<>(windows);
        List<long[]> stalls = stalls();
        for (Window w : done) {
            long firstCode = all.stream().filter(c -> c.kind().equals("getcode") && c.status() == 200
                    && c.startMillis() >= w.endMillis()).mapToLong(c -> c.startMillis() + c.millis()).min()
                    .orElse(Long.MAX_VALUE);
            // A stall of the local Azure, or the restart, that the fault's end runs into is a fault too: the recovery
            // counts from its end.
            List<long[]> alsoDown = new ArrayList<>(stalls);
            if (restartMillis >= 0) {
                alsoDown.add(new long[] {restartMillis, restartedServingMillis});
            }
            alsoDown.sort(java.util.Comparator.comparingLong(st -> st[0]));
            long from = w.endMillis();
            boolean moved = true;
            while (moved) {
                moved = false;
                for (long[] down : alsoDown) {
                    if (down[0] <= from + RECOVERY.toMillis() && down[1] > from) {
                        from = down[1];
                        moved = true;
                    }
                }
                // An injected fault still on where the stall or restart ended: the recovery starts at its end too.
                for (Window other : done) {
                    if (other != w && other.startMillis() <= from && other.endMillis() > from) {
                        from = other.endMillis();
                        moved = true;
                    }
                }
            }
            if (from > w.endMillis()) {
                afterStall++;
            }
            long recovery = Math.max(0, firstCode - from);
            boolean overlapped = done.stream().anyMatch(o -> o != w && o.startMillis() < w.endMillis()
                    && o.endMillis() > w.endMillis());
            recoveries.merge(w.fault(), recovery, Math::max);
            if (!overlapped) {
                worst = Math.max(worst, recovery);
                if (recovery > RECOVERY.toMillis()) {
                    slow++;
                }
            }
        }
        long longestStall = stalls.stream().mapToLong(st -> st[1] - st[0]).max().orElse(0);
        timely &= row(rows, Kind.TIMING, "back to codes within " + RECOVERY.toSeconds() + " s after each fault",
                slow == 0, done.size() + " faults, " + slow + " slower; slowest " + worst + " ms; " + afterStall
                        + " ran into a stall of the local Azure itself or the restart, counted from its end ("
                        + stalls.size() + " stalls in the run, longest " + longestStall + " ms)");

        // 5. The process: SIGTERM ends it cleanly; RSS and threads flat in the last process.
        correct &= row(rows, Kind.CORRECTNESS, "SIGTERM ends the service with exit code 0",
                exitCodes.stream().allMatch(c -> c == 0),
                "exit codes " + exitCodes + "; " + unanswered.get() + " requests met no listener during the restart");
        List<long[]> last = samples.stream().filter(s -> s[1] == generation && s[0] > restartedServingMillis + 60_000)
                .toList();
        if (last.size() >= 6) {
            int third = last.size() / 3;
            double rssGrowth = growth(last, 2, third);
            double threadGrowth = growth(last, 3, third);
            timely &= row(rows, Kind.TIMING,
                    "RSS and threads flat (growth at most 5 % from the first to the last third)",
                    rssGrowth <= 5 && threadGrowth <= 5, String.format(Locale.ROOT,
                            "RSS %+.1f %%, threads %+.1f %% over %d samples", rssGrowth, threadGrowth, last.size()));
        } else {
            // A short run (CI's) leaves the last process too little time after its first minute to see a trend.
            rows.add(new String[] {"RSS and threads flat", Kind.TIMING.label(), "not judged", last.size()
                    + " samples after the last start's first minute: a trend needs CHAOS_SECONDS of 180 or more"});
        }

        // 6. The log: no ERROR, WARN only while a fault lasts (and just after), no secret.
        LogCheck logCheck = checkLogs(done);
        correct &= row(rows, Kind.CORRECTNESS, "no ERROR", logCheck.errors == 0, logCheck.errors + " ERROR");
        timely &= row(rows, Kind.TIMING, "WARN only during a fault or within " + RECOVERY.toSeconds() + " s of its end",
                logCheck.unexpectedWarnings == 0, logCheck.warnings + " WARN (" + logCheck.unexpectedWarnings
                        + " outside faults)");
        double perFault = done.isEmpty() ? 0 : (double) logCheck.warnings / (done.size() + 1);
        correct &= row(rows, Kind.CORRECTNESS, "a handful of WARN lines per fault, not one per request (at most "
                + MAX_WARN_PER_FAULT + ")", perFault <= MAX_WARN_PER_FAULT,
                String.format(Locale.ROOT, "%.1f per fault (the restart counted as one)", perFault));
        correct &= row(rows, Kind.CORRECTNESS, "no secret in the log (API keys, tokens)", logCheck.secrets == 0,
                logCheck.secrets + " lines with a secret");

        Verdict verdict = !correct ? Verdict.FAIL : timely ? Verdict.PASS : Verdict.FAIL_ON_TIMING_ONLY;
        writeReport(seed, rows, verdict, all, done, logCheck);
        StringBuilder csv = new StringBuilder("kind,start_ms,millis,status,problem,retry_after\n");
        all.stream().sorted(java.util.Comparator.comparingLong(Call::startMillis)).forEach(c -> csv.append(c.kind())
                .append(',').append(c.startMillis()).append(',').append(c.millis()).append(',').append(c.status())
                .append(',').append(c.problem()).append(',').append(c.retryAfter() == null ? "" : c.retryAfter())
                .append('\n'));
        Files.writeString(logs.resolve("calls.csv"), csv);
        // What Azurite itself took for each request the proxies passed on: tells a slow service from a slow Azurite.
        for (StorageFaults proxy : List.of(queue, table)) {
            Files.writeString(logs.resolve(proxy + "-azurite.csv"), "arrived_ms,millis,method,status\n"
                    + String.join("\n", proxy.forwarded) + "\n");
            Files.writeString(logs.resolve(proxy + "-arrivals.csv"), "arrived_ms,mode,method\n"
                    + String.join("\n", proxy.arrivals) + "\n");
        }
        Files.writeString(logs.resolve("api-answers.csv"), "answered_ms,status,delay_ms\n"
                + String.join("\n", apiAnswers) + "\n");
        return verdict;
    }

    /** A few examples, for whoever looks into a failed row. */
    private static String examples(java.util.stream.Stream<String> items) {
        List<String> some = items.limit(3).toList();
        return some.isEmpty() ? "" : " (e.g. " + String.join(", ", some) + ")";
    }

    private static int count(Map<String, AtomicInteger> books, String code) {
        AtomicInteger n = books.get(code);
        return n == null ? 0 : n.get();
    }

    private static double growth(List<long[]> samples, int column, int third) {
        double first = samples.subList(0, third).stream().mapToLong(s -> s[column]).average().orElse(1);
        double lastThird = samples.subList(samples.size() - third, samples.size()).stream().mapToLong(s -> s[column])
                .average().orElse(1);
        return (lastThird - first) * 100 / first;
    }

    private static String statuses(List<Call> all) {
        Map<String, Integer> counts = new TreeMap<>();
        all.forEach(c -> counts.merge(c.kind() + " " + (c.status() < 0 ? "no answer" : c.status()), 1, Integer::sum));
        return counts.toString();
    }

    private static boolean row(List<String[]> rows, Kind kind, String invariant, boolean ok, String figures) {
        rows.add(new String[] {invariant, kind.label(), ok ? "PASS" : "FAIL", figures});
        return ok;
    }

    static final class LogCheck {
        int errors;
        int warnings;
        int unexpectedWarnings;
        int secrets;
        final Map<String, Integer> byMessage = new TreeMap<>();
    }

    private static final Pattern LEVEL = Pattern.compile("\"level\":\"(WARN|ERROR)\"");
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"([^\"]{0,80})");

    /**
     * When the local Azure itself stood still: merged spans of the requests Azurite took over {@link #STALL} to answer
     * (it answers in milliseconds otherwise). Azurite 3.35's queue service does, for seconds, each time its garbage
     * collector of message bodies runs (a minute apart); Azure Storage has no such pause.
     */
    private List<long[]> stalls() {
        List<long[]> slow = new ArrayList<>();
        for (StorageFaults proxy : List.of(queue, table)) {
            for (String line : proxy.forwarded) {
                String[] f = line.split(",");
                long arrived = Long.parseLong(f[0]);
                long millis = Long.parseLong(f[1]);
                if (millis > STALL.toMillis()) {
                    slow.add(new long[] {arrived, arrived + millis});
                }
            }
        }
        slow.sort(java.util.Comparator.comparingLong(st -> st[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] st : slow) {
            if (!merged.isEmpty() && st[0] <= merged.get(merged.size() - 1)[1]) {
                merged.get(merged.size() - 1)[1] = Math.max(merged.get(merged.size() - 1)[1], st[1]);
            } else {
                merged.add(st);
            }
        }
        return merged;
    }

    private LogCheck checkLogs(List<Window> done) throws IOException {
        List<long[]> stalls = stalls();
        LogCheck check = new LogCheck();
        List<String> secrets = new ArrayList<>(keys);
        secrets.addAll(azure.issuedTokens());
        secrets.add(token);
        for (int g = 1; g <= generation; g++) {
            for (String line : Files.readAllLines(logs.resolve("service-" + g + ".log"))) {
                for (String secret : secrets) {
                    if (line.contains(secret)) {
                        check.secrets++;
                        break;
                    }
                }
                Matcher level = LEVEL.matcher(line);
                if (!level.find()) {
                    continue;
                }
                Matcher message = MESSAGE.matcher(line);
                String text = message.find() ? message.group(1).replaceAll("[0-9a-f-]{36}", "<id>") : "?";
                check.byMessage.merge(level.group(1) + " " + text, 1, Integer::sum);
                if (level.group(1).equals("ERROR")) {
                    check.errors++;
                    continue;
                }
                check.warnings++;
                Matcher at = TIMESTAMP.matcher(line);
                long millis = at.find() ? java.time.Instant.parse(at.group(1)).toEpochMilli() - origin : -1;
                boolean duringFault = done.stream().anyMatch(w -> millis >= w.startMillis() - 1_000
                        && millis <= w.endMillis() + RECOVERY.toMillis())
                        || stalls.stream().anyMatch(st -> millis >= st[0] - 1_000 && millis <= st[1]
                                + RECOVERY.toMillis())
                        || (restartMillis >= 0 && millis >= restartMillis - 1_000
                                && millis <= restartedServingMillis + RECOVERY.toMillis());
                if (!duringFault) {
                    check.unexpectedWarnings++;
                }
            }
        }
        return check;
    }

    private void writeReport(long seed, List<String[]> rows, Verdict verdict, List<Call> all, List<Window> done,
            LogCheck logCheck) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("## Chaos run: ").append(switch (verdict) {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case FAIL_ON_TIMING_ONLY -> "FAIL (timing bounds only)";
        }).append("\n\n");
        out.append(String.format(Locale.ROOT, "%d s, seed %d, %d workers; validity %d s; %d requests (%d getcode, %d "
                + "verify); %d faults injected, one SIGTERM and restart, %d key rotations.%n%n", runMillis / 1000, seed,
                WORKERS, VALIDITY.toSeconds(), all.size(), all.stream().filter(c -> c.kind().equals("getcode")).count(),
                all.stream().filter(c -> c.kind().equals("verify")).count(), done.size(), keys.size() - 1));
        out.append("| invariant | kind | verdict | figures |\n|---|---|---|---|\n");
        rows.forEach(r -> out.append("| ").append(String.join(" | ", r)).append(" |\n"));
        out.append("\nFaults (count, getcode answers while each lasted):\n\n| fault | times | 200 | 503 | 502 | 504 | other | slowest recovery ms |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Fault f : Fault.values()) {
            List<Window> these = done.stream().filter(w -> w.fault() == f).toList();
            if (these.isEmpty()) {
                continue;
            }
            Map<Integer, Integer> answers = new TreeMap<>();
            all.stream().filter(c -> c.kind().equals("getcode")
                    && these.stream().anyMatch(w -> c.startMillis() >= w.startMillis() && c.startMillis() < w.endMillis()))
                    .forEach(c -> answers.merge(c.status(), 1, Integer::sum));
            int other = answers.entrySet().stream().filter(e -> !List.of(200, 502, 503, 504).contains(e.getKey()))
                    .mapToInt(Map.Entry::getValue).sum();
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d |%n", f, these.size(),
                    answers.getOrDefault(200, 0), answers.getOrDefault(503, 0), answers.getOrDefault(502, 0),
                    answers.getOrDefault(504, 0), other, recoveries.getOrDefault(f, -1L)));
        }
        out.append("\nWARN and ERROR lines by message:\n\n| count | level and message (first 80 characters) |\n|---:|---|\n");
        logCheck.byMessage.forEach((m, n) -> out.append("| ").append(n).append(" | ").append(m.replace("|", "\\|"))
                .append(" |\n"));
        Files.writeString(report, out.toString());
        System.out.println(out);
    }

    // ---- Plumbing ------------------------------------------------------------------------------------------------

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + SERVICE + path);
    }

    private long now() {
        return System.currentTimeMillis() - origin;
    }

    private void sleepUntil(long millis) throws InterruptedException {
        long wait = millis - now();
        if (wait > 0) {
            Thread.sleep(wait); // the schedule's clock: faults last this long, by design
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the load's pace
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void log(String line) {
        System.out.printf("[%6.1f s] %s%n", now() / 1000.0, line);
    }

    private void close() {
        running.set(false);
        Process p = service;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
        for (AutoCloseable c : new AutoCloseable[] {identity, table, queue, azure}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }
}
