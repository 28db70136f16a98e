package dev.integratedauth.common;

import java.net.ConnectException;

import io.vertx.core.http.HttpClosedException;

/** What a failure's cause chain says about whether a call reached its dependency. */
public final class Causes {

    private Causes() {
    }

    /** The connection could not be made: the request never left, so sending it again cannot duplicate it. */
    public static boolean neverConnected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connection failed under the request (closed or reset before an answer came, as an I/O error, not a TLS one,
     * or as Vert.x's {@link HttpClosedException}, which is no I/O error): a pooled connection that closed as the request
     * went out, say a server ending an idle keep-alive connection, or Vert.x 4.5 closing it when a caller's hang-up
     * resets the request that used it before (eclipse-vertx/vert.x#6294).
     * Sending a safe request (a GET) again cannot duplicate work.
     */
    public static boolean connectionLost(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpClosedException
                    || cause instanceof java.io.IOException && !(cause instanceof javax.net.ssl.SSLException)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A timeout anywhere in the chain. Timeouts come as java.util.concurrent.TimeoutException (Reactor, the SDK) or as
     * Vert.x's and Netty's own TimeoutException types (the REST client's read timeout), which share no supertype.
     */
    public static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
