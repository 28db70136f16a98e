package dev.integratedauth.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.localazure.LocalTls;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource.InjectQueueProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local Azure for a {@code @QuarkusIntegrationTest}: starts it on the packaged-app tests' own ports and
 * configures the launched app to authenticate as on Container Apps, with managed identity. The app finds the
 * managed-identity endpoint in {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}, which failsafe puts into its
 * environment and the launched process inherits. Refuses to start if a token request could leave the machine.
 */
public class LocalAzureManagedIdentityResource implements QuarkusTestResourceLifecycleManager {

    /** The packaged-app tests' ports (http, https, queue, table); set by failsafe from the pom's local-azure.it.* */
    public static final LocalAzureEndpoints ENDPOINTS = LocalAzureTestResource.ports(System.getProperty(
            "local-azure.it-ports",
            "18780,18743,18744,18745"));

    /** Init arg: {@code true} runs the consumer of code-requests in the launched app. */
    public static final String CONSUMER = "consumer";
    /** Init arg: {@code down} makes the managed-identity endpoint reset every connection from the start. */
    public static final String IDENTITY = "identity";
    /** Init arg: the lifetime of the tokens the endpoint issues, e.g. {@code 330s} (an hour by default). */
    public static final String TOKEN_LIFETIME = "token-lifetime";
    /** Init arg: {@code down} (503) or {@code forbidden} (403) makes Key Vault fail from the start. */
    public static final String KEY_VAULT = LocalAzureTestResource.KEY_VAULT;
    /** Init arg: {@code true} puts a {@link QueueFaultProxy} between the app and Azurite, one port above the table. */
    public static final String QUEUE_PROXY = LocalAzureTestResource.QUEUE_PROXY;

    private LocalAzure localAzure;
    private QueueFaultProxy queueProxy;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        MachineSafety.requireNoTokenRequestCanLeaveTheMachine(ENDPOINTS);
        // An absolute certificate path: the launched app need not share this JVM's working directory.
        LocalTls tls = LocalTls.in(LocalTls.PROJECT_DIRECTORY.toAbsolutePath());
        Map<String, String> config = new LinkedHashMap<>(ENDPOINTS.serviceConfigForManagedIdentity(tls));
        MachineSafety.requireLocalManagedIdentity(ENDPOINTS, config);
        // The prod profile listens on all interfaces; the tests stay on 127.0.0.1.
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("app.consumer.enabled", Boolean.toString(Boolean.parseBoolean(args.get(CONSUMER))));
        LocalAzure.Settings project = LocalAzure.Settings.inProject(ENDPOINTS, LocalAzureTestResource.THIRD_PARTY_KEY,
                true);
        localAzure = LocalAzure.start(new LocalAzure.Settings(ENDPOINTS, tls, project.azuriteHome(),
                project.azuritePackage(), project.thirdPartyKey(), true));
        LogHygiene.watch(localAzure); // its tokens are looked for in the app's log
        TestCaller.signIn(localAzure);
        if (args.containsKey(TOKEN_LIFETIME)) {
            localAzure.setTokenLifetime(java.time.Duration.parse("PT" + args.get(TOKEN_LIFETIME)));
        }
        if ("down".equals(args.get(IDENTITY))) {
            IdentityFaults.fail(localAzure, IdentityFaults.Kind.CONNECTION_RESET);
        }
        if (args.containsKey(KEY_VAULT)) {
            LocalAzureTestResource.failKeyVault(localAzure, "forbidden".equals(args.get(KEY_VAULT)) ? 403 : 503);
        }
        if (Boolean.parseBoolean(args.get(QUEUE_PROXY))) {
            int proxyPort = ENDPOINTS.table() + 1;
            queueProxy = new QueueFaultProxy(proxyPort, ENDPOINTS.queue(), tls);
            config.put("app.azure.queue.url", localAzure.endpoints().queueUrl()
                    .replace(":" + ENDPOINTS.queue() + "/", ":" + proxyPort + "/"));
        }
        return config;
    }

    /** The local Azure started by {@link #start()}, for tests that launch the app themselves ({@link LaunchedApp}). */
    public LocalAzure localAzure() {
        return localAzure;
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
