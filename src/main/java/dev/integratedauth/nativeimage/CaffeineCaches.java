package dev.integratedauth.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Caffeine (3.2, from quarkus-caffeine) builds each cache from a class generated for its features, found by name: a
 * bounded cache with {@code maximumSize} and {@code expireAfterAccess}, as {@code callers.CallerBudgets} builds it, is
 * {@code SSMSA} with nodes of {@code PSAMS}. quarkus-caffeine registers only the classes of the caches its own
 * configuration declares, so without this every caller's budget lookup failed in the native executable
 * ({@code IllegalStateException} from Caffeine's cache factory: a 500 for every API call). Found by the native
 * packaged-app tests. {@code CaffeineCachesTest} fails if the budgets' cache ever needs other classes.
 */
@RegisterForReflection(classNames = { CaffeineCaches.BOUNDED_CACHE, CaffeineCaches.NODE }, methods = true,
        fields = true)
public final class CaffeineCaches {

    /** The cache class of {@code maximumSize} with {@code expireAfterAccess}. */
    public static final String BOUNDED_CACHE = "com.github.benmanes.caffeine.cache.SSMSA";
    /** Its entries' class. */
    public static final String NODE = "com.github.benmanes.caffeine.cache.PSAMS";

    private CaffeineCaches() {
    }
}
