package dev.integratedauth.common;

import java.time.Duration;
import java.util.function.Predicate;

import io.smallrye.mutiny.Uni;

/**
 * The one shape of retry and back-off settings: how often, and how long to wait between tries (exponential, from
 * {@link #initialBackoff()} doubling up to {@link #maxBackoff()}, with 50 % jitter). Each use declares its defaults in
 * a sub-interface of its configuration ({@code @WithDefault} on the overridden methods).
 */
public interface Retry {

    /** Further tries after the first; -1: until it succeeds. */
    int maxRetries();

    Duration initialBackoff();

    Duration maxBackoff();

    /** {@code uni} tried again as these settings say, for the failures {@code worthRetrying} accepts. */
    static <T> Uni<T> apply(Retry retry, Uni<T> uni, Predicate<Throwable> worthRetrying) {
        if (retry.maxRetries() == 0) {
            return uni;
        }
        var backOff = uni.onFailure(worthRetrying).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff()).withJitter(0.5);
        return retry.maxRetries() < 0 ? backOff.indefinitely() : backOff.atMost(retry.maxRetries());
    }
}
