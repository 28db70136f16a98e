package dev.integratedauth.faults;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.CapturedLog;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A caller that hangs up while its code is being made (a browser closed, a load balancer's timeout, a load test
 * ending): the work it started is cancelled, the API request under way is reset at once instead of waiting for its
 * read timeout, nothing is queued for a code nobody will get, and nothing is logged at ERROR for it.
 */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(LogHygiene.class)
class CallerHangsUpTest {

    private static final String API = "/api/RandomNumber";

    @InjectLocalAzure
    LocalAzure localAzure;

    @AfterEach
    void defaults() {
        localAzure.resetStubs();
    }

    @Test
    void aCallerWhoHangsUpDuringASlowApiCallCancelsItsWorkWithoutAnError() throws Exception {
        given().when().get("/api/v1/getcode").then().statusCode(200);
        localAzure.clearQueue();
        // Slower than the caller's patience, quicker than the read timeout (2 s in tests).
        localAzure.setRandomNumberLatency(Duration.ofSeconds(1));
        int calls = localAzure.randomNumberCalls();
        try (CapturedLog vertx = CapturedLog.of(io.vertx.core.http.impl.HttpClientRequestImpl.class);
                CapturedLog restClient = CapturedLog.of(org.jboss.resteasy.reactive.client.handlers.ClientErrorHandler.class)) {
            try (Socket caller = new Socket("127.0.0.1", RestAssured.port)) {
                OutputStream out = caller.getOutputStream();
                out.write("GET /api/v1/getcode HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> localAzure.randomNumberCalls() > calls);
            } // hung up, the API call under way
            // The REST client resets the API request as soon as the hang-up cancels the work (its DEBUG line).
            await().atMost(Duration.ofSeconds(10)).until(() -> restClient.messages().stream()
                    .anyMatch(m -> m.contains("Failure: GET") && m.contains(API)));
            assertEquals(java.util.List.of(), vertx.messages(), "nothing from the abandoned API request");
            assertEquals(java.util.List.of(), localAzure.takeAllMessages(), "no message for a code nobody gets");
            given().when().get("/api/v1/getcode").then().statusCode(200); // and the next caller is served
        }
    }
}
