package dev.integratedauth.azure;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The Azure SDK completes its calls on whatever thread its HTTP response arrived on, and the key read is shared by
 * every request that waits for it. Without this, all those requests would go on, one after another, on that one
 * thread; with it, each goes on on its own request's Vert.x context (its own event loop).
 * <p>
 * A result that already arrives on the caller's context (a queue send: Vert.x answers on the context that sent the
 * request, and {@link EventLoopBoundedElastic} keeps the SDK's decoding there) goes on at once: a hop through the
 * event loop's task queue would only cost a wake-up per request.
 */
public final class CallerContext {

    private CallerContext() {
    }

    public static <T> Uni<T> resumeOnCallerContext(Uni<T> uni) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            return caller == null ? uni : uni.emitOn(task -> {
                if (Vertx.currentContext() == caller) {
                    task.run();
                } else {
                    caller.runOnContext(ignored -> task.run());
                }
            });
        });
    }
}
