package dev.integratedauth.common;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.converters.uni.UniReactorConverters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import reactor.core.publisher.Mono;

/** The one way from the Azure SDK's Reactor types to Mutiny, and back onto the caller's Vert.x context. */
public final class ReactorBridge {

    private ReactorBridge() {
    }

    /**
     * The SDK call {@code mono} as a {@code Uni}: each subscription subscribes to the {@code Mono} anew (so a retry
     * sends the request again), and cancelling the {@code Uni} (a caller's deadline) cancels the call.
     */
    public static <T> Uni<T> toUni(Mono<T> mono) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().converter(UniReactorConverters.<T>fromMono(), mono));
    }

    /**
     * {@code uni}'s outcome delivered on the context of whoever subscribes. The SDK completes on whatever thread its
     * HTTP response arrived on, and a result shared by many requests (the key read) would otherwise carry all of them
     * on, one after another, on that one thread. A result already on the caller's context (a queue send: Vert.x answers
     * on the context that sent the request) goes on at once, without a hop through the task queue.
     */
    public static <T> Uni<T> onCallerContext(Uni<T> uni) {
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
