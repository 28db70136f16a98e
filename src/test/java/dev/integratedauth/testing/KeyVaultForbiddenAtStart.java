package dev.integratedauth.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.integratedauth.localazure.LocalAzure;
import io.quarkus.test.junit.QuarkusTestProfile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A fresh application whose Key Vault answers 403 to every authorised secret read from before the application starts (so a
 * warm-up read at boot fails too), until a test removes {@link #FORBIDDEN_ID}'s stub. Its logs are also written as
 * JSON, one object a line, to a file ({@link #JSON_LOG} here), so tests can read the production log format.
 */
public class KeyVaultForbiddenAtStart implements QuarkusTestProfile {

    /** Unique per run, so a test never reads an earlier run's lines. */
    public static final Path JSON_LOG = Path.of("target", "json-log", "app-" + System.nanoTime() + ".log");
    public static final UUID FORBIDDEN_ID = UUID.fromString("00000000-0000-4000-8000-000000000403");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", JSON_LOG.toString(),
                "quarkus.log.file.json.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    /** The usual local Azure, plus the 403 stub, in place before the application starts. */
    public static class Resource extends LocalAzureTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            localAzure().stubs().stubFor(forbidden());
            return config;
        }
    }

    /**
     * Key Vault's answer when the identity lacks "Key Vault Secrets User": the usual 401 challenge without a token
     * (the default stub), 403 with one. So a token for the vault is still obtained, as in Azure.
     */
    static MappingBuilder forbidden() {
        return any(urlPathMatching("/secrets/.*"))
                .withHeader("Authorization", matching("Bearer .+"))
                .withId(FORBIDDEN_ID)
                .atPriority(LocalAzure.DEFAULT_STUB_PRIORITY - 9)
                .willReturn(aResponse().withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"Forbidden\",\"message\":\"Caller is not authorized "
                                + "to perform action on resource.\",\"innererror\":{\"code\":\"ForbiddenByRbac\"}}}"));
    }

    /** Gives the identity its role back: Key Vault serves the secret again. */
    public static void allowKeyVault(LocalAzure localAzure) {
        StubMapping stub = localAzure.stubs().getSingleStubMapping(FORBIDDEN_ID);
        localAzure.stubs().removeStub(stub);
    }
}
