package dev.integratedauth.callers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.OwnLocalAzure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/**
 * Entra rolls its signing keys: tokens signed with a key the service has not seen make quarkus-oidc fetch the
 * tenant's keys again, without a restart; a key no longer published no longer verifies. A local Azure of its own, as
 * the rotation is for good.
 */
@QuarkusTest
@TestProfile(SigningKeyRotationTest.OwnEntra.class)
@ExtendWith(LogHygiene.class)
class SigningKeyRotationTest {

    public static class OwnEntra extends OwnLocalAzure {
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void aNewSigningKeyIsPickedUpWithoutRestartAndTheRetiredOneIsRefused() {
        String before = localAzure.callerToken().mint();
        getcode(before).statusCode(200);

        localAzure.rotateSigningKey();
        String after = localAzure.callerToken().mint();

        getcode(after).statusCode(200);
        getcode(before).statusCode(401);
    }

    private static ValidatableResponse getcode(String token) {
        return given().header("Authorization", "Bearer " + token).get("/api/v1/getcode").then();
    }
}
