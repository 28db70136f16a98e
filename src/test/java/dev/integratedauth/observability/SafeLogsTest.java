package dev.integratedauth.observability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.testing.HealthyRun;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LogHygiene;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tests run with every log switch on (AZURE_HTTP_LOG_DETAIL_LEVEL=BODY_AND_HEADERS, AZURE_LOG_LEVEL=verbose,
 * DEBUG everywhere, the REST client's request log at scope {@code all}). Then the log shows each call an operator
 * troubleshoots, with its headers, but no body of an Azure call and no key; LogHygiene checks every line of the
 * suite for secrets, this checks that the switches really took effect, so that its silence means something.
 */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(HealthyRun.class)
class SafeLogsTest {

    @Test
    void everySwitchOnShowsTheCallsAndTheirHeadersButNoBodyAndNoKey() {
        given().when().get("/api/v1/getcode").then().statusCode(200);

        List<String> lines = new ArrayList<>();
        for (Path log : LogHygiene.runLogs()) {
            lines.addAll(LogHygiene.completeLines(log));
        }
        List<String> sdkHttp = lines.stream().filter(l -> l.contains("az.sdk.message") && l.contains("HTTP response"))
                .toList();
        assertTrue(sdkHttp.stream().anyMatch(l -> l.contains("/oauth2/v2.0/token")),
                "the credential's token requests are logged (AZURE_HTTP_LOG_DETAIL_LEVEL reached its pipeline)");
        assertTrue(sdkHttp.stream().anyMatch(l -> l.contains("/secrets/") && l.contains("WWW-Authenticate")),
                "Key Vault's calls are logged with their headers, the 401 challenge among them");
        assertTrue(sdkHttp.stream().anyMatch(l -> l.contains("/code-requests/messages")),
                "Queue Storage's sends are logged");
        assertFalse(sdkHttp.stream().anyMatch(l -> l.matches(".*\\\\?\"body\\\\?\":.*")),
                "no Azure SDK log line carries a body (token, secret or message)");
        assertTrue(lines.stream().anyMatch(l -> l.contains("Request: GET") && l.contains("/api/RandomNumber")
                && l.contains("x-functions-key=****")), "the REST client logs its requests, the key masked");
    }
}
