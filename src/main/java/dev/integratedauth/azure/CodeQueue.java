package dev.integratedauth.azure;

import jakarta.enterprise.context.ApplicationScoped;

import com.azure.storage.queue.QueueAsyncClient;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.converters.uni.UniReactorConverters;

/** Sends messages to the {@code code-requests} queue with the async client. */
@ApplicationScoped
public class CodeQueue {

    private final QueueAsyncClient queue;

    CodeQueue(QueueAsyncClient queue) {
        this.queue = queue;
    }

    /** Completes once Queue Storage has accepted the message, fails otherwise. The queue is never created here. */
    public Uni<Void> send(String messageText) {
        return Uni.createFrom().converter(UniReactorConverters.fromMono(), queue.sendMessage(messageText))
                .replaceWithVoid();
    }
}
