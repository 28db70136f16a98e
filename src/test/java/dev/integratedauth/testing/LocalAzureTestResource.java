package dev.integratedauth.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.localazure.LocalAzureEndpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the local Azure for a {@code @QuarkusTest} and points the service at it. Refuses to start if a token
 * request could leave the machine.
 */
public class LocalAzureTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * The tests' ports (http, https, queue); dev mode uses others, so both can run at once. A second checkout can
     * run its tests beside this one with {@code -Dlocal-azure.test-ports=18680,18643,18644
     * -Dquarkus.http.test-port=18690}.
     */
    public static final LocalAzureEndpoints ENDPOINTS = ports(System.getProperty("local-azure.test-ports",
            "18080,18443,18444"));
    /** Distinctive, so a leak into a log, a response or a file is found by a plain text search. */
    public static final String THIRD_PARTY_KEY = "tpk-Zq8v-LEAK-CANARY-4dR1-x7Wm";

    /** Injects the running {@link LocalAzure} into a test's field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectLocalAzure {
    }

    /** Injects the {@link QueueFaultProxy} (started with init arg {@code queue-proxy=true}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectQueueProxy {
    }

    /** Init arg: {@code down} (503) or {@code forbidden} (403) makes Key Vault fail from the start. */
    public static final String KEY_VAULT = "key-vault";
    /** Init arg: Key Vault answers this late, e.g. {@code 2s}. */
    public static final String KEY_VAULT_LATENCY = "key-vault-latency";
    /** Init arg: {@code true} puts a {@link QueueFaultProxy} between the service and Azurite. */
    public static final String QUEUE_PROXY = "queue-proxy";

    private LocalAzure localAzure;
    private QueueFaultProxy queueProxy;
    private Map<String, String> args = Map.of();

    private static LocalAzureEndpoints ports(String list) {
        String[] ports = list.split(",");
        return new LocalAzureEndpoints(Integer.parseInt(ports[0].trim()), Integer.parseInt(ports[1].trim()),
                Integer.parseInt(ports[2].trim()));
    }

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        MachineSafety.requireNoTokenRequestCanLeaveTheMachine(ENDPOINTS);
        localAzure = LocalAzure.start(LocalAzure.Settings.inProject(ENDPOINTS, THIRD_PARTY_KEY, true));
        Map<String, String> config = new LinkedHashMap<>(localAzure.serviceConfig());
        String keyVault = args.get(KEY_VAULT);
        if (keyVault != null) {
            failKeyVault(localAzure, "forbidden".equals(keyVault) ? 403 : 503);
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

    /** The running local Azure, for subclasses that change it before the application starts. */
    protected LocalAzure localAzure() {
        return localAzure;
    }

    /** Key Vault answers every secret read with {@code status}, until the test resets the stubs. */
    public static void failKeyVault(LocalAzure localAzure, int status) {
        localAzure.stubs().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/secrets/.*")).atPriority(1)
                // Only authenticated reads fail, as in Azure: the 401 challenge still comes first.
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"" + (status == 403 ? "Forbidden" : "ServiceUnavailable")
                                + "\",\"message\":\"injected by the test\"}}")));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(localAzure,
                new TestInjector.AnnotatedAndMatchesType(InjectLocalAzure.class, LocalAzure.class));
        if (queueProxy != null) {
            testInjector.injectIntoFields(queueProxy,
                    new TestInjector.AnnotatedAndMatchesType(InjectQueueProxy.class, QueueFaultProxy.class));
        }
    }

    @Override
    public void stop() {
        try {
            if (queueProxy != null) {
                queueProxy.close();
            }
        } finally {
            if (localAzure != null) {
                localAzure.close();
            }
        }
    }
}
