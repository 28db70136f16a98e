package dev.integratedauth.azure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.azure.core.credential.TokenRequestContext;
import com.azure.storage.queue.QueueAsyncClient;

import dev.integratedauth.observability.Instrumentation;
import dev.integratedauth.problem.Causes;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.converters.uni.UniReactorConverters;

/** Sends messages to the {@code code-requests} queue with the async client. */
@ApplicationScoped
public class CodeQueue {

    private static final Logger LOG = Logger.getLogger(CodeQueue.class);
    private static final TokenRequestContext STORAGE_TOKEN = new TokenRequestContext()
            .addScopes("https://storage.azure.com/.default");

    private final QueueAsyncClient queue;
    private final BackgroundTokenRefresh credential;
    private final AzureConfig.ConnectRetry retry;
    private final Instrumentation instrumentation; // operations hook: send latency, queue readiness

    CodeQueue(QueueAsyncClient queue, BackgroundTokenRefresh credential, AzureConfig config,
            Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
        this.queue = queue;
        this.credential = credential;
        this.retry = config.queue().retry();
    }

    /**
     * Gets a Storage token at boot (into the tokens held for every client), so the first code does not wait for one,
     * and a credential that cannot get one shows in the log at once. No queue call is made.
     */
    void warmUp(@Observes StartupEvent event) {
        credential.getToken(STORAGE_TOKEN).subscribe(
                token -> LOG.debug("Storage token obtained"),
                e -> LOG.warnf("No Storage token yet (%s); the first send will try again", e.getClass().getSimpleName()));
    }

    /**
     * Completes once Queue Storage has accepted the message, fails otherwise. Retried only when the connection
     * could not be made, so a message is never sent twice. The queue is never created here.
     */
    public Uni<Void> send(String messageText) {
        Uni<Void> send = Uni.createFrom().deferred(() -> Uni.createFrom()
                .converter(UniReactorConverters.fromMono(), queue.sendMessage(messageText)))
                // The message holds a code and a timestamp, no secret; the SDK's own HTTP log never shows bodies.
                .invoke(sent -> LOG.debugf("Queue accepted message %s: %s", sent.getMessageId(), messageText))
                .replaceWithVoid();
        if (retry.maxRetries() > 0) {
            send = send.onFailure(Causes::neverConnected).retry()
                    .withBackOff(retry.initialBackoff(), retry.maxBackoff()).withJitter(0.5)
                    .atMost(retry.maxRetries());
        }
        return CallerContext.resumeOnCallerContext(instrumentation.queueSend(send));
    }
}
