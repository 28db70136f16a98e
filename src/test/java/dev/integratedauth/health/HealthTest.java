package dev.integratedauth.health;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.azure.core.http.HttpClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.localazure.LocalAzureEndpoints;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The probes of deploy/modules/container-app.bicep, on the shared test application. */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
class HealthTest {

    /** Azurite's well-known development account key (public). */
    private static final String AZURITE_ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    @InjectLocalAzure
    LocalAzure localAzure;

    @Inject
    HttpClient azureHttpClient;

    @Test
    void liveAndStartedWithoutAnyAzureCall() {
        int before = stubRequests();
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        assertEquals(before, stubRequests(), "probes call neither Entra, Key Vault nor the API");
    }

    @Test
    void readyOnceTheKeyIsInMemoryAndNeverShowsIt() {
        given().get("/api/v1/getcode").then().statusCode(200);

        int before = stubRequests();
        ready().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'third-party-api-key' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'queue' }.status", equalTo("UP"))
                .body(not(containsString(LocalAzureTestResource.THIRD_PARTY_KEY)))
                .body(not(containsString("Bearer")));
        assertEquals(before, stubRequests(), "a readiness probe reads no secret and asks for no token");
    }

    @Test
    void notReadyAfterRepeatedQueueFailuresUntilASendSucceeds() {
        given().get("/api/v1/getcode").then().statusCode(200);
        QueueClient admin = queueAdmin();
        admin.delete();
        try {
            for (int i = 0; i < 3; i++) {
                given().get("/api/v1/getcode").then().statusCode(503)
                        .body("type", equalTo("urn:integrated-auth:problem:queue-unavailable"));
            }
            ready().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'queue' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'queue' }.data.consecutiveFailedSends", equalTo(3))
                    .body("checks.find { it.name == 'third-party-api-key' }.status", equalTo("UP"));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            admin.create();
        }
        given().get("/api/v1/getcode").then().statusCode(200);
        ready().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("queue"));
    }

    /** Requests the stubs have seen (the journal is shared with other tests, so it is counted, never reset). */
    private int stubRequests() {
        return localAzure.stubs().getAllServeEvents().size();
    }

    private static ValidatableResponse ready() {
        return given().get("/q/health/ready").then().contentType("application/json");
    }

    private QueueClient queueAdmin() {
        return new QueueClientBuilder()
                .endpoint(localAzure.endpoints().queueUrl())
                .credential(new StorageSharedKeyCredential(LocalAzureEndpoints.ACCOUNT, AZURITE_ACCOUNT_KEY))
                .httpClient(azureHttpClient)
                .buildClient();
    }
}
