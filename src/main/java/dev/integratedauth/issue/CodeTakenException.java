package dev.integratedauth.issue;

/** Table Storage held every code tried for one number already; no code was given out. */
final class CodeTakenException extends RuntimeException {

    CodeTakenException(int tries) {
        super("Table Storage refused " + tries + " codes in a row as existing", null, false, false);
    }
}
