package dev.integratedauth.faults;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.LocalAzureManagedIdentityResource;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.common.WithTestResource;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packaged app starts while its identity may not read the secret (403, a missing role assignment), then while
 * the vault is down (503): each request gets the 503 key-unavailable problem, nothing is queued, readiness is down;
 * once the vault serves the secret, codes are issued without a restart.
 */
@QuarkusIntegrationTest
@WithTestResource(value = LocalAzureManagedIdentityResource.class,
        initArgs = @ResourceArg(name = LocalAzureManagedIdentityResource.KEY_VAULT, value = "forbidden"))
class KeyVaultOutageIT {

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void forbiddenThenDownThenServed() {
        Problems.getCodeFails(503, "key-unavailable").header("Retry-After", Problems.UNTIL_NEXT_READ);
        given().get("/q/health/ready").then().statusCode(503);

        LocalAzureTestResource.allowKeyVault(localAzure);
        LocalAzureTestResource.failKeyVault(localAzure, 503);
        Problems.getCodeFails(503, "key-unavailable").header("Retry-After", Problems.UNTIL_NEXT_READ);
        assertEquals(0, localAzure.peekMessages().size(), "no code queued");

        LocalAzureTestResource.allowKeyVault(localAzure);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/api/v1/getcode").then().extract().statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
