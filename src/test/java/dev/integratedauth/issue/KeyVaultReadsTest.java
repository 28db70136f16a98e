package dev.integratedauth.issue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.ConcurrentRequests;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.HealthyRun;
import dev.integratedauth.testing.OwnLocalAzure;
import dev.integratedauth.testing.Patient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A fresh instance reads the key once, however many requests arrive while the read is under way. */
@QuarkusTest
@TestProfile(KeyVaultReadsTest.SlowKeyVault.class)
@ExtendWith(HealthyRun.class) // LogHygiene runs after every class anyway
class KeyVaultReadsTest {

    /** A fresh start (own profile) on a Key Vault that takes 2 s to answer. */
    public static class SlowKeyVault extends OwnLocalAzure {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Patient.TIME_LIMITS;
        }

        @Override
        protected Map<String, String> localAzureArgs() {
            return Map.of(LocalAzureTestResource.KEY_VAULT_LATENCY, "2s");
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void hundredConcurrentFirstRequestsOnASlowVaultCauseOneSecretRead() {
        List<HttpResponse<String>> answers = ConcurrentRequests.get("/api/v1/getcode", 100);

        answers.forEach(answer -> {
            assertEquals(200, answer.statusCode(), answer.body());
            assertFalse(answer.body().contains(LocalAzureTestResource.THIRD_PARTY_KEY));
        });
        assertEquals(1, localAzure.keyVaultSecretReads());
        assertEquals(100, localAzure.takeAllMessages().size());
    }
}
