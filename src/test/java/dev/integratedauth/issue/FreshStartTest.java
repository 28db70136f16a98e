package dev.integratedauth.issue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.ConcurrentRequests;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.HealthyRun;
import dev.integratedauth.testing.OwnLocalAzure;
import dev.integratedauth.testing.Patient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** 50 concurrent calls on a fresh start: one Key Vault secret read, 50 codes, 50 messages. */
@QuarkusTest
@TestProfile(FreshStartTest.FreshStart.class)
@ExtendWith(HealthyRun.class) // LogHygiene runs after every class anyway
class FreshStartTest {

    public static class FreshStart extends OwnLocalAzure {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Patient.TIME_LIMITS;
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void fiftyConcurrentCallsOnAFreshStartReadTheSecretOnce() {
        List<HttpResponse<String>> answers = ConcurrentRequests.get("/api/v1/getcode", 50);

        answers.forEach(answer -> assertEquals(200, answer.statusCode(), answer.body()));
        assertEquals(1, localAzure.keyVaultSecretReads());
        assertEquals(50, answers.stream().map(HttpResponse::body).distinct().count(), "50 distinct codes");
        assertEquals(50, localAzure.takeAllMessages().size());
    }
}
