package dev.integratedauth.workarounds.quarkus;

/**
 * An answer was larger than its limit, or its body did not arrive whole within the read timeout of its head (a dripping
 * or endless body). The connection was closed as soon as that was clear, so no more of it was read. The message names
 * sizes and times only, never a part of the body.
 */
public final class UnreadableAnswerException extends RuntimeException {

    UnreadableAnswerException(String what) {
        super("The answer was " + what, null, false, false);
    }
}
