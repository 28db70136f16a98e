package dev.integratedauth.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile with an application and a local Azure of its own (a fresh start), set up by
 * {@link #localAzureArgs()} (see the init args of {@link LocalAzureTestResource}).
 */
public abstract class OwnLocalAzure implements QuarkusTestProfile {

    protected Map<String, String> localAzureArgs() {
        return Map.of();
    }

    @Override
    public final List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAzureTestResource.class, localAzureArgs()));
    }
}
