package dev.integratedauth.azure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.azure.storage.queue.QueueAsyncClient;

import dev.integratedauth.observability.Instrumentation;
import io.smallrye.mutiny.Uni;

/** Sends messages to the {@code code-requests} queue with the async client. */
@ApplicationScoped
public class CodeQueue {

    private final QueueAsyncClient queue;
    @Inject
    Instrumentation instrumentation; // operations hook: send latency, queue readiness

    CodeQueue(QueueAsyncClient queue) {
        this.queue = queue;
    }

    /** Completes once Queue Storage has accepted the message, fails otherwise. The queue is never created here. */
    public Uni<Void> send(String messageText) {
        return instrumentation.queueSend(Uni.createFrom().completionStage(() -> queue.sendMessage(messageText).toFuture()))
                .replaceWithVoid();
    }
}
