package dev.integratedauth.nativeimage;

import dev.integratedauth.web.Problem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Quarkus REST 3.33.2 registers a resource method's declared return type for Jackson, not the entity of a
 * {@code Response} that an exception mapper builds, nor a body a route handler serialises itself. The problem body is
 * both, so in a native image without this registration every error answer failed to serialise ("No serializer found for
 * class ...Problem ... This appears to be a native image") and became Quarkus's generic 500. Found by running the
 * linked executable.
 */
@RegisterForReflection(targets = Problem.class)
final class ResponseBodies {

    private ResponseBodies() {
    }
}
