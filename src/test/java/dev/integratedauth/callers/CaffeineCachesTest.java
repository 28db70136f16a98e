package dev.integratedauth.callers;

import java.lang.reflect.Field;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Cache;

import dev.integratedauth.nativeimage.CaffeineCaches;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The budgets' cache is made of the classes the native image registers for it (CaffeineCaches): Caffeine picks a
 * generated class per feature combination, and an unregistered one fails every API call in the native executable.
 */
class CaffeineCachesTest {

    @Test
    void theBudgetsCacheUsesTheRegisteredClasses() throws Exception {
        Cache<String, String> cache = CallerBudgets.newCache(10, Duration.ofMinutes(10));
        Object bounded = field(cache, "cache");
        assertEquals(CaffeineCaches.BOUNDED_CACHE, bounded.getClass().getName());
        assertEquals(CaffeineCaches.NODE, field(bounded, "nodeFactory").getClass().getName());
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name);
    }
}
