package dev.integratedauth.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.localazure.LocalAzureEndpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Starts the local Azure for a {@code @QuarkusTest} and points the service at it. Refuses to start if a token
 * request could leave the machine.
 */
public class LocalAzureTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * The tests' ports (http, https, queue, table; the queue's fault proxy takes queue + 1); dev mode uses others, so
     * both can run at once. A second checkout can run its tests beside this one with
     * {@code -Dlocal-azure.test-ports=18680,18643,18644,18646 -Dquarkus.http.test-port=18690}.
     */
    public static final LocalAzureEndpoints ENDPOINTS = ports(System.getProperty("local-azure.test-ports",
            "18080,18443,18444,18446"));
    /** Distinctive, so a leak into a log, a response or a file is found by a plain text search. */
    public static final String THIRD_PARTY_KEY = "tpk-Zq8v-LEAK-CANARY-4dR1-x7Wm";

    /** Injects the running {@link LocalAzure} into a test's field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectLocalAzure {
    }

    /** Injects the {@link TcpGate} in front of Entra (started with init arg {@code identity-gate}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectIdentityGate {
    }

    /** Injects the {@link QueueFaultProxy} (started with init arg {@code queue-proxy=true}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectQueueProxy {
    }

    /**
     * Init arg: {@code down} (503) or {@code forbidden} (403) makes Key Vault fail from the start; {@code oversized}
     * makes it answer the secret read with 2 MiB, over the service's answer limit.
     */
    public static final String KEY_VAULT = "key-vault";
    /** Init arg: Key Vault answers this late, e.g. {@code 2s}. */
    public static final String KEY_VAULT_LATENCY = "key-vault-latency";
    /** Init arg: {@code true} puts a {@link QueueFaultProxy} between the service and Azurite. */
    public static final String QUEUE_PROXY = "queue-proxy";
    /** Init arg: {@code down} makes Entra's token endpoint reset every connection from the start. */
    public static final String IDENTITY = "identity";
    /**
     * Init arg: the service reaches Entra through a {@link TcpGate} (on the http port + 1) in this mode at start:
     * {@code refuse}, {@code hang} or {@code open}.
     */
    public static final String IDENTITY_GATE = "identity-gate";
    /** Init arg: the lifetime of the tokens Entra issues, e.g. {@code 20s} (an hour by default). */
    public static final String TOKEN_LIFETIME = "token-lifetime";

    private LocalAzure localAzure;
    private QueueFaultProxy queueProxy;
    private TcpGate identityGate;
    private Map<String, String> args = Map.of();

    /**
     * "http,https,queue,table", as in {@code -Dlocal-azure.test-ports=18680,18643,18644,18646}. Without the fourth
     * entry the table takes queue + 2 (queue + 1 is the queue's fault proxy).
     */
    public static LocalAzureEndpoints ports(String list) {
        String[] ports = list.split(",");
        int queue = Integer.parseInt(ports[2].trim());
        return new LocalAzureEndpoints(Integer.parseInt(ports[0].trim()), Integer.parseInt(ports[1].trim()), queue,
                ports.length > 3 ? Integer.parseInt(ports[3].trim()) : queue + 2);
    }

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        MachineSafety.requireNoTokenRequestCanLeaveTheMachine(ENDPOINTS);
        localAzure = LocalAzure.start(LocalAzure.Settings.inProject(ENDPOINTS, THIRD_PARTY_KEY, true));
        LogHygiene.watch(localAzure); // its tokens are looked for in the logs
        TestCaller.signIn(localAzure);
        Map<String, String> config = new LinkedHashMap<>(localAzure.serviceConfig());
        String keyVault = args.get(KEY_VAULT);
        if ("oversized".equals(keyVault)) {
            oversizeKeyVault(localAzure);
        } else if (keyVault != null) {
            failKeyVault(localAzure, "forbidden".equals(keyVault) ? 403 : 503);
        }
        if ("down".equals(args.get(IDENTITY))) {
            IdentityFaults.fail(localAzure, IdentityFaults.Kind.CONNECTION_RESET);
        }
        if (args.containsKey(TOKEN_LIFETIME)) {
            localAzure.setTokenLifetime(java.time.Duration.parse("PT" + args.get(TOKEN_LIFETIME)));
        }
        if (args.containsKey(IDENTITY_GATE)) {
            identityGate = new TcpGate(ENDPOINTS.http() + 1, ENDPOINTS.https());
            identityGate.set(TcpGate.Mode.valueOf(args.get(IDENTITY_GATE).toUpperCase(java.util.Locale.ROOT)));
            config.put("app.azure.credential.authority-host", "https://127.0.0.1:" + identityGate.port());
        }
        if (args.containsKey(KEY_VAULT_LATENCY)) {
            localAzure.setKeyVaultLatency(java.time.Duration.parse("PT" + args.get(KEY_VAULT_LATENCY)));
        }
        if (Boolean.parseBoolean(args.get(QUEUE_PROXY))) {
            int proxyPort = ENDPOINTS.queue() + 1;
            queueProxy = new QueueFaultProxy(proxyPort, ENDPOINTS.queue(), localAzure.tls());
            config.put("app.azure.queue.url", localAzure.endpoints().queueUrl()
                    .replace(":" + ENDPOINTS.queue() + "/", ":" + proxyPort + "/"));
        }
        MachineSafety.requireLocal(config);
        return config;
    }

    /** The id of the stub {@link #failKeyVault} adds, so {@link #allowKeyVault} can take it away again. */
    private static final UUID KEY_VAULT_FAULT = UUID.fromString("00000000-0000-4000-8000-00000000fa17");

    /**
     * Key Vault answers every authenticated secret read with {@code status} (403: the identity lacks "Key Vault
     * Secrets User"; 503: the vault is down) until {@link #allowKeyVault} or a stub reset. The 401 challenge still
     * comes first, as in Azure, so a vault token is obtained either way.
     */
    public static void failKeyVault(LocalAzure localAzure, int status) {
        localAzure.stubs().stubFor(get(urlPathMatching("/secrets/.*"))
                .withId(KEY_VAULT_FAULT)
                .atPriority(1)
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(aResponse().withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(status == 403
                                ? "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Caller is not authorized to perform "
                                        + "action on resource.\",\"innererror\":{\"code\":\"ForbiddenByRbac\"}}}"
                                : "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"injected by the test\"}}")));
    }

    /** Key Vault answers every authenticated secret read with 2 MiB: the canary key, again and again. */
    private static void oversizeKeyVault(LocalAzure localAzure) {
        String canary = LogHygiene.KEYS.get(0);
        String value = canary.repeat(2 * 1024 * 1024 / canary.length() + 1);
        localAzure.stubs().stubFor(get(urlPathMatching("/secrets/.*"))
                .withId(KEY_VAULT_FAULT)
                .atPriority(1)
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"value\":\"" + value + "\",\"id\":\"" + localAzure.endpoints().keyVaultUrl()
                                + "secrets/third-party-api-key/1\"}")));
    }

    /** Takes {@link #failKeyVault}'s stub away: Key Vault serves the secret again. */
    public static void allowKeyVault(LocalAzure localAzure) {
        localAzure.stubs().removeStub(localAzure.stubs().getSingleStubMapping(KEY_VAULT_FAULT));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(localAzure,
                new TestInjector.AnnotatedAndMatchesType(InjectLocalAzure.class, LocalAzure.class));
        if (queueProxy != null) {
            testInjector.injectIntoFields(queueProxy,
                    new TestInjector.AnnotatedAndMatchesType(InjectQueueProxy.class, QueueFaultProxy.class));
        }
        if (identityGate != null) {
            testInjector.injectIntoFields(identityGate,
                    new TestInjector.AnnotatedAndMatchesType(InjectIdentityGate.class, TcpGate.class));
        }
    }

    @Override
    public void stop() {
        try {
            if (queueProxy != null) {
                queueProxy.close();
            }
            if (identityGate != null) {
                identityGate.close();
            }
        } finally {
            if (localAzure != null) {
                localAzure.close();
            }
        }
    }
}
