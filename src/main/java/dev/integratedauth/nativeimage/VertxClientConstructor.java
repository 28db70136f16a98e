package dev.integratedauth.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code HungRequestRelease} makes the SDK's Vert.x client through its package-private constructor, by reflection; a
 * native image answers that lookup only for a registered constructor.
 */
@RegisterForReflection(classNames = "com.azure.core.http.vertx.VertxHttpClient", methods = false, fields = false)
final class VertxClientConstructor {

    private VertxClientConstructor() {
    }
}
