package dev.integratedauth.codes;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.azure.storage.queue.QueueAsyncClient;

import dev.integratedauth.azure.AzureConfig;
import dev.integratedauth.common.Causes;
import dev.integratedauth.common.ReactorBridge;
import dev.integratedauth.common.Retry;
import dev.integratedauth.common.Timings;
import dev.integratedauth.health.QueueReachability;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Sends messages to the {@code code-requests} queue with the async client; each send is timed ({@code queue.send}) and
 * its outcome kept for readiness ({@link QueueReachability}).
 */
@ApplicationScoped
public class CodeQueue {

    private static final Logger LOG = Logger.getLogger(CodeQueue.class);

    private final QueueAsyncClient queue;
    private final Retry retry;
    private final QueueReachability reachability;
    private final Timings sends;

    CodeQueue(QueueAsyncClient queue, AzureConfig config, QueueReachability reachability, MeterRegistry registry) {
        this.queue = queue;
        this.retry = config.queue().retry();
        this.reachability = reachability;
        this.sends = new Timings(registry, "queue.send", "One message sent to Queue Storage", "outcome");
    }

    /**
     * Completes once Queue Storage has accepted the message, fails otherwise. Retried only when the connection could
     * not be made, so a message is never sent twice. The queue is never created here.
     */
    public Uni<Void> send(String messageText) {
        Uni<Void> send = ReactorBridge.toUni(queue.sendMessage(messageText))
                // The message holds a code and a timestamp, no secret; the SDK's own HTTP log never shows bodies.
                .invoke(sent -> LOG.debugf("Queue accepted message %s: %s", sent.getMessageId(), messageText))
                .replaceWithVoid();
        Uni<Void> reported = Retry.apply(retry, send, Causes::neverConnected).onItemOrFailure().invoke((ok, failure) -> {
            if (failure == null) {
                reachability.sendSucceeded();
            } else {
                reachability.sendFailed();
            }
        });
        return ReactorBridge.onCallerContext(sends.time(reported, failure -> failure == null ? "success" : "failure"));
    }
}
