package dev.integratedauth.common;

import java.io.IOException;
import java.net.ConnectException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpClosedException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures a safe call may be sent again after: the retry of the RandomNumber call relies on these answers. */
class CausesTest {

    @Test
    void aConnectionVertxClosedUnderTheRequestIsLost() {
        // What Vert.x 4.5 fails an in-flight request with when it closes the pooled connection (vert.x#6294).
        assertTrue(Causes.connectionLost(new RuntimeException(new HttpClosedException("Connection was closed"))));
    }

    @Test
    void aConnectionResetUnderTheRequestIsLost() {
        assertTrue(Causes.connectionLost(new IOException("Connection reset by peer")));
    }

    @Test
    void aTlsFailureIsNotALostConnection() {
        assertFalse(Causes.connectionLost(new SSLHandshakeException("PKIX path building failed")));
    }

    @Test
    void aRefusedConnectionNeverConnected() {
        assertTrue(Causes.neverConnected(new RuntimeException(new ConnectException("Connection refused"))));
        assertFalse(Causes.neverConnected(new IOException("Connection reset by peer")));
    }
}
