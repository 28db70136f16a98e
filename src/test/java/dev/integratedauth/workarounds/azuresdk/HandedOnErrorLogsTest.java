package dev.integratedauth.workarounds.azuresdk;

import org.junit.jupiter.api.Test;

import io.vertx.core.Promise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only Vert.x's own complaint about a promise failed twice is dropped from the uncaught-exception log. */
class HandedOnErrorLogsTest {

    @Test
    void aPromiseFailedTwiceIsRecognisedAndNothingElse() {
        Promise<Void> promise = Promise.promise();
        promise.fail(new RuntimeException("the connection closed"));
        IllegalStateException second = assertThrows(IllegalStateException.class,
                () -> promise.fail(new RuntimeException("the connection closed, seen by another listener")));

        assertTrue(HandedOnErrorLogs.isSecondFailure(second));
        assertFalse(HandedOnErrorLogs.isSecondFailure(new IllegalStateException("Result is already complete")),
                "the same message thrown elsewhere");
        assertFalse(HandedOnErrorLogs.isSecondFailure(new RuntimeException("anything else")));
        assertFalse(HandedOnErrorLogs.isSecondFailure(null));
    }
}
