package dev.integratedauth.expiry;

import java.time.Instant;

/**
 * A CDI event: the consumer handled a code's message. A message the consumer put back is invisible, so a peek at the
 * queue cannot show this; dev mode's view of a code observes it.
 *
 * @param outcome what the consumer did: {@code recorded}, {@code expired}, ...
 * @param dequeueCount how often the message had been received
 * @param visibleAgain when the put-back message reappears (null unless recorded)
 */
public record CodeSighted(String code, String outcome, Instant seenAt, long dequeueCount, Instant visibleAgain) {
}
