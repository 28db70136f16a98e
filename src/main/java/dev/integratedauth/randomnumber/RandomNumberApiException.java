package dev.integratedauth.randomnumber;

/**
 * The RandomNumber API did not give a usable number. Messages never carry the API's body or headers.
 */
public abstract sealed class RandomNumberApiException extends RuntimeException {

    RandomNumberApiException(String message) {
        super(message, null, false, false);
    }

    /** The API answered with an error status. */
    public static final class Refused extends RandomNumberApiException {
        private final int status;

        public Refused(int status) {
            super("RandomNumber API answered HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** 401/403: the key was refused, perhaps because it was rotated. */
        public boolean keyRefused() {
            return status == 401 || status == 403;
        }

        /** Worth another try: the API's own failure, not ours. */
        public boolean transientFailure() {
            return status >= 500 || status == 429;
        }
    }

    /** The API answered 2xx with something that is not {@code {"value": <1..1000>}}. */
    public static final class Garbage extends RandomNumberApiException {
        public Garbage(String what) {
            super("RandomNumber API answered " + what);
        }
    }

}
