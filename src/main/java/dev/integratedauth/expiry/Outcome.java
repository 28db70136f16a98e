package dev.integratedauth.expiry;

/** What the consumer did with one message. */
enum Outcome {
    /** First sighting: the code is recorded, its message put back until it expires, the received one deleted. */
    RECORDED,
    /** Second sighting (the code has expired): its entity and then its message deleted. */
    EXPIRED,
    /** Not a code, received too often: moved to the poison queue. */
    POISONED,
    /** Not a code, not yet received often enough: left to reappear. */
    LEFT,
    /** Queue or Table Storage failed: the message reappears after its visibility timeout. */
    FAILED
}
