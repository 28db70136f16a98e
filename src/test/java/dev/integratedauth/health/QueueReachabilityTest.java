package dev.integratedauth.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueReachabilityTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final QueueReachability queue = new QueueReachability(3, Duration.ofSeconds(30), clock);

    @Test
    void reachableBeforeAnySend() {
        assertTrue(queue.state().reachable());
        assertEquals(0, queue.state().consecutiveFailures());
    }

    @Test
    void unreachableAfterThresholdFailuresUntilASendSucceeds() {
        queue.sendFailed();
        queue.sendFailed();
        assertTrue(queue.state().reachable(), "two failures are below the threshold");
        queue.sendFailed();
        assertFalse(queue.state().reachable());
        assertEquals(3, queue.state().consecutiveFailures());

        clock.now = clock.now.plusSeconds(5);
        queue.sendSucceeded();
        assertTrue(queue.state().reachable());
        assertEquals(0, queue.state().consecutiveFailures());
        assertEquals(clock.now, queue.state().lastSuccess());
    }

    @Test
    void failuresAreForgottenAfterTheMemorySoATrafficlessReplicaComesBack() {
        for (int i = 0; i < 5; i++) {
            queue.sendFailed();
        }
        clock.now = clock.now.plusSeconds(29);
        assertFalse(queue.state().reachable());
        clock.now = clock.now.plusSeconds(1);
        assertTrue(queue.state().reachable(), "not known to be bad any more");

        queue.sendFailed();
        assertFalse(queue.state().reachable(), "one more failure after the streak: bad again");
    }

    @Test
    void aSuccessBreaksTheStreak() {
        queue.sendFailed();
        queue.sendFailed();
        queue.sendSucceeded();
        queue.sendFailed();
        queue.sendFailed();
        assertTrue(queue.state().reachable());
    }
}
