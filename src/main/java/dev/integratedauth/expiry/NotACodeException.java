package dev.integratedauth.expiry;

/** A queue message that is not a code of this service: not JSON, the wrong shape, or too large. */
final class NotACodeException extends Exception {

    NotACodeException(String why) {
        super(why, null, false, false);
    }
}
