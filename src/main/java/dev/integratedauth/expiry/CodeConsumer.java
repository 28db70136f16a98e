package dev.integratedauth.expiry;

import dev.integratedauth.common.Backoff;
import dev.integratedauth.common.ReactorBridge;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.azure.storage.queue.QueueAsyncClient;
import com.azure.storage.queue.models.QueueMessageItem;

import dev.integratedauth.azure.ConsumerQueues;
import dev.integratedauth.web.ShutdownStarted;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * The consumer of {@code code-requests}: a loop of receives ({@code QueueAsyncClient.receiveMessages}, a batch at a
 * time, hidden for {@code visibility-timeout} while it is handled), each message handled by {@link MessageHandler}.
 * <ul>
 * <li>An empty queue: wait (jittered exponential back-off, bounded), then receive again.</li>
 * <li>A failing Queue or Table Storage: wait (a longer back-off) and try again, for as long as it takes: the loop never
 * ends on a failure, so it recovers without a restart. One WARN when it starts failing, one INFO when it recovers.</li>
 * <li>Shutdown: it stops receiving at once (on SIGTERM, before the requests in flight are drained), lets the batch
 * under way finish for at most {@code shutdown-grace}, and abandons the rest, which reappears for the next
 * consumer.</li>
 * </ul>
 * Runs in this process when {@code app.consumer.enabled}; nothing else in the service depends on it running.
 */
@ApplicationScoped
public class CodeConsumer {

    private static final Logger LOG = Logger.getLogger(CodeConsumer.class);

    private final QueueAsyncClient queue;
    private final MessageHandler handler;
    private final ConsumerConfig config;
    private final ConsumerMetrics metrics;
    private final ConsumerHealth health;
    private final Vertx vertx;
    private final Backoff idle;
    private final Backoff failing;
    private volatile boolean stopping;
    private volatile Cancellable round;
    private volatile CompletableFuture<Void> roundDone = CompletableFuture.completedFuture(null);
    private volatile long timer = -1;

    CodeConsumer(ConsumerQueues queues, MessageHandler handler, ConsumerConfig config, ConsumerMetrics metrics,
            ConsumerHealth health, Vertx vertx) {
        this.queue = queues.codeRequests();
        this.handler = handler;
        this.config = config;
        this.metrics = metrics;
        this.health = health;
        this.vertx = vertx;
        this.idle = new Backoff(config.idle());
        this.failing = new Backoff(config.failing());
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            LOG.infof("Code consumer started: code-requests, %d messages a receive, validity of a code %s",
                    config.batchSize(), handler.validity());
            health.started();
            vertx.runOnContext(ignored -> receive());
        }
    }

    /**
     * SIGTERM: stop pulling now, while the requests in flight are drained, so that no new batch is received that the
     * process would not finish.
     */
    void stopPulling(@Observes ShutdownStarted event) {
        if (config.enabled()) {
            stopPullingNow();
        }
    }

    /**
     * The end of the consumer, once the requests in flight are drained (or at once, if shutdown did not start with a
     * signal): stop pulling, and give the batch under way at most {@code shutdown-grace}. Messages not finished by then
     * reappear after their visibility timeout.
     */
    void stop(@Observes ShutdownEvent event) {
        if (!config.enabled()) {
            return;
        }
        stopPullingNow();
        try {
            roundDone.get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Cancellable running = round;
            if (running != null) {
                running.cancel();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Code consumer stopped");
    }

    private void stopPullingNow() {
        stopping = true;
        long pending = timer;
        if (pending >= 0) {
            vertx.cancelTimer(pending);
        }
    }

    private void receive() {
        if (stopping) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        roundDone = done;
        round = ReactorBridge.toUni(queue.receiveMessages(config.batchSize(), config.visibilityTimeout()).collectList())
                .chain(this::handleAll)
                .subscribe().with(result -> {
                    done.complete(null);
                    afterRound(result, null);
                }, failure -> {
                    done.complete(null);
                    afterRound(null, failure);
                });
    }

    /** Handles a batch, {@code concurrency} messages at a time; one message's failure does not stop the others. */
    private Uni<Round> handleAll(List<QueueMessageItem> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(new Round(0, false, 0));
        }
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUni(handler::handle).merge(Math.max(1, config.concurrency()))
                .collect().asList()
                .map(handled -> {
                    boolean failed = false;
                    long lag = 0;
                    for (MessageHandler.Handled one : handled) {
                        metrics.handled(one.outcome());
                        failed |= one.outcome() == Outcome.FAILED;
                        lag = Math.max(lag, one.lagMillis());
                    }
                    return new Round(batch.size(), failed, lag);
                });
    }

    private void afterRound(Round result, Throwable failure) {
        Duration wait;
        if (failure != null || result.failed()) {
            if (health.failed()) {
                LOG.warnf("Code consumer: Queue or Table Storage failing (%s); retrying with back-off",
                        failure == null ? "a message could not be handled" : failure.getClass().getSimpleName());
            }
            idle.reset();
            wait = failing.next();
        } else {
            metrics.lag(result.lagMillis());
            if (result.messages() > 0) {
                // Only handled messages prove Table Storage works; an empty receive proves only the queue does.
                if (health.succeeded()) {
                    LOG.info("Code consumer: Queue and Table Storage answer again");
                }
                failing.reset();
                idle.reset();
                wait = Duration.ZERO;
            } else {
                wait = idle.next();
            }
        }
        if (!stopping) {
            timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
                timer = -1;
                receive();
            });
        }
    }

    private record Round(int messages, boolean failed, long lagMillis) {
    }
}
