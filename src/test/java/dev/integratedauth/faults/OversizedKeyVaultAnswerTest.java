package dev.integratedauth.faults;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.web.ProblemMappers;
import dev.integratedauth.testing.CapturedLog;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.OwnLocalAzure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key Vault answers the secret read with 2 MiB (over {@code app.azure.http.max-response-size}, 1 MiB): the read
 * fails as soon as the answer's head arrives, callers get the documented 503 key-unavailable, and the secret, here
 * the canary key again and again, is in no log (LogHygiene).
 */
@QuarkusTest
@TestProfile(OversizedKeyVaultAnswerTest.KeyVaultDownAtStart.class)
@ExtendWith(LogHygiene.class)
class OversizedKeyVaultAnswerTest {

    /** Down at start, so no key is in memory when the oversized answer takes over. */
    public static class KeyVaultDownAtStart extends OwnLocalAzure {
        @Override
        protected Map<String, String> localAzureArgs() {
            return Map.of(LocalAzureTestResource.KEY_VAULT, "down");
        }
    }

    private static final int TWO_MIB = 2 * 1024 * 1024;

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void aSecretAnswerOverTheLimitGives503KeyUnavailable() {
        String canary = LogHygiene.KEYS.get(0);
        String value = canary.repeat(TWO_MIB / canary.length() + 1);
        localAzure.resetStubs();
        localAzure.stubs().stubFor(get(urlPathMatching("/secrets/.*")).atPriority(1)
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"value\":\"" + value + "\",\"id\":\"" + localAzure.endpoints().keyVaultUrl()
                                + "secrets/third-party-api-key/1\"}")));
        try (CapturedLog problems = CapturedLog.of(ProblemMappers.class)) {
            // The boot-time read, retrying with back-off, meets the oversized answer too.
            await().atMost(Duration.ofSeconds(10)).until(() -> localAzure.stubs()
                    .findAll(getRequestedFor(urlPathMatching("/secrets/.*"))
                            .withHeader("Authorization", matching("Bearer .+"))).size() > 1);
            long start = System.nanoTime();

            Problems.getCodeFails(503, "key-unavailable").header("Retry-After", "5");

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "answered after " + millis + " ms");
            assertTrue(problems.messages().stream().anyMatch(m -> m.contains("KEY_VAULT")
                    && m.contains("over the limit of 1048576")), problems.messages().toString());
        }
        assertEquals(0, localAzure.takeAllMessages().size());
    }
}
