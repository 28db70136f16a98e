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

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key Vault answers the secret read with 2 MiB (over {@code app.azure.http.max-response-size}, 1 MiB) from the start:
 * the read fails as soon as the answer's head arrives, callers get the documented 503 key-unavailable, and the secret,
 * here the canary key again and again, is in no log (LogHygiene).
 */
@QuarkusTest
@TestProfile(OversizedKeyVaultAnswerTest.OversizedFromTheStart.class)
@ExtendWith(LogHygiene.class)
class OversizedKeyVaultAnswerTest {

    /** From the start, so no key is in memory and the boot-time read is the one that meets the oversized answer. */
    public static class OversizedFromTheStart extends OwnLocalAzure {
        @Override
        protected Map<String, String> localAzureArgs() {
            return Map.of(LocalAzureTestResource.KEY_VAULT, "oversized");
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void aSecretAnswerOverTheLimitGives503KeyUnavailable() {
        try (CapturedLog problems = CapturedLog.of(ProblemMappers.class)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> localAzure.stubs()
                    .findAll(getRequestedFor(urlPathMatching("/secrets/.*"))
                            .withHeader("Authorization", matching("Bearer .+"))).size() > 0);
            // The read fails once the answer's head is in; until then a caller may still meet the read in flight.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                long start = System.nanoTime();
                Problems.getCodeFails(503, "key-unavailable").header("Retry-After", notNullValue());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 5_000, "answered after " + millis + " ms");
                assertTrue(problems.messages().stream().anyMatch(m -> m.contains("KEY_VAULT")
                        && m.contains("over the limit of 1048576")), problems.messages().toString());
            });
        }
        assertEquals(0, localAzure.takeAllMessages().size());
    }
}
