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

    private LocalAzure localAzure;

    private static LocalAzureEndpoints ports(String list) {
        String[] ports = list.split(",");
        return new LocalAzureEndpoints(Integer.parseInt(ports[0].trim()), Integer.parseInt(ports[1].trim()),
                Integer.parseInt(ports[2].trim()));
    }

    @Override
    public Map<String, String> start() {
        MachineSafety.requireNoTokenRequestCanLeaveTheMachine(ENDPOINTS);
        localAzure = LocalAzure.start(LocalAzure.Settings.inProject(ENDPOINTS, THIRD_PARTY_KEY, true));
        Map<String, String> config = new LinkedHashMap<>(localAzure.serviceConfig());
        MachineSafety.requireLocal(config);
        return config;
    }

    /** The running local Azure, for subclasses that change it before the application starts. */
    protected LocalAzure localAzure() {
        return localAzure;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(localAzure,
                new TestInjector.AnnotatedAndMatchesType(InjectLocalAzure.class, LocalAzure.class));
    }

    @Override
    public void stop() {
        if (localAzure != null) {
            localAzure.close();
        }
    }
}
