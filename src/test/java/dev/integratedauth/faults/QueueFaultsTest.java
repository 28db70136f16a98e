package dev.integratedauth.faults;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.CapturedLog;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource.InjectQueueProxy;
import dev.integratedauth.testing.QueueFaultProxy;
import dev.integratedauth.testing.LogHygiene;
import dev.integratedauth.testing.OwnLocalAzure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queue Storage refuses, fails or hangs: the caller never gets the code, and says why. */
@QuarkusTest
@TestProfile(QueueFaultsTest.BehindFaultProxy.class)
@ExtendWith(LogHygiene.class)
class QueueFaultsTest {

    /** The service talks to Azurite through {@link QueueFaultProxy}. Shared with {@link MixedFaultsTest}. */
    public static class BehindFaultProxy extends OwnLocalAzure {
        @Override
        protected Map<String, String> localAzureArgs() {
            return Map.of(LocalAzureTestResource.QUEUE_PROXY, "true");
        }
    }

    @InjectLocalAzure
    LocalAzure localAzure;

    @InjectQueueProxy
    QueueFaultProxy queueProxy;

    @BeforeEach
    void empty() {
        queueProxy.setMode(QueueFaultProxy.Mode.PASS);
        localAzure.clearQueue();
    }

    @AfterEach
    void pass() {
        queueProxy.setMode(QueueFaultProxy.Mode.PASS);
    }

    @Test
    void throughTheProxyCodesAreQueued() {
        given().when().get("/api/v1/getcode").then().statusCode(200);
        assertEquals(1, localAzure.takeAllMessages().size());
    }

    @Test
    void forbiddenGives503AndNoCode() {
        queueProxy.setMode(QueueFaultProxy.Mode.FORBIDDEN);
        Problems.getCodeFails(503, "queue-unavailable").header("Retry-After", "5");
        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @Test
    void serverErrorsGive503AndNoCode() {
        queueProxy.setMode(QueueFaultProxy.Mode.SERVER_ERROR);
        Problems.getCodeFails(503, "queue-unavailable").header("Retry-After", "5");
        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @Test
    void aHangingQueueGives504AndNoCode() {
        queueProxy.setMode(QueueFaultProxy.Mode.HANG);
        Problems.getCodeFails(504, "deadline");
        assertEquals(0, localAzure.takeAllMessages().size());
    }

    @Test
    void anOutageIsOneWarningNotOnePerRequest() {
        queueProxy.setMode(QueueFaultProxy.Mode.SERVER_ERROR);
        try (CapturedLog log = CapturedLog.warningsAndErrors()) {
            for (int i = 0; i < 30; i++) {
                Problems.getCodeFails(503, "queue-unavailable");
            }
            // At most one: an outage of this kind may already be open from the test before.
            long lines = log.messages().stream().filter(m -> m.contains("Code not issued: QUEUE")).count();
            assertTrue(lines <= 1, lines + " WARN lines for 30 failed requests: " + log.messages());
        }
        assertEquals(0, localAzure.takeAllMessages().size());
    }
}
