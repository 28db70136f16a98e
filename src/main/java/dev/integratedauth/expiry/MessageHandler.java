package dev.integratedauth.expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.BinaryData;
import com.azure.storage.queue.QueueAsyncClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.azure.ConsumerQueues;
import dev.integratedauth.codes.CodeRecords;
import dev.integratedauth.common.ReactorBridge;
import io.smallrye.mutiny.Uni;

/**
 * Handles one message of {@code code-requests}. Which sighting it is follows from time alone, never from whether an
 * entity exists: a message is a first sighting while its code is live (issue time + validity is ahead) and a second
 * sighting after. So a copy seen again after a crash, a lost delete or by a second replica is handled exactly like the
 * original, and every step is safe to repeat (docs/lifecycle.md, "Invariants").
 */
@ApplicationScoped
class MessageHandler {

    private static final Logger LOG = Logger.getLogger(MessageHandler.class);

    private final CodeRecords records;
    private final QueueAsyncClient queue;
    private final QueueAsyncClient poison;
    private final ObjectMapper json;
    private final int maxDequeueCount;
    private final Event<CodeSighted> sighted;
    private final Clock clock = Clock.systemUTC();

    MessageHandler(CodeRecords records, ConsumerQueues queues, ObjectMapper json, ConsumerConfig config,
            Event<CodeSighted> sighted) {
        this.records = records;
        this.queue = queues.codeRequests();
        this.poison = queues.poison();
        this.json = json;
        this.maxDequeueCount = config.maxDequeueCount();
        this.sighted = sighted;
    }

    Duration validity() {
        return records.validity();
    }

    /** A handled message and how long it had been due when it was received. */
    record Handled(Outcome outcome, long lagMillis) {
    }

    Uni<Handled> handle(QueueMessageItem message) {
        Instant now = clock.instant();
        Instant inserted = message.getInsertionTime() == null ? now : message.getInsertionTime().toInstant();
        CodeMessage code;
        try {
            code = CodeMessage.parse(message.getBody().toBytes(), json);
        } catch (NotACodeException e) {
            return notACode(message, e).map(outcome -> new Handled(outcome, lag(inserted, now)));
        }
        // A clock ahead of ours cannot lengthen a life: the life starts at the issue time or now, whichever is first.
        Instant issuedAt = code.issuedAt().isAfter(now) ? now : code.issuedAt();
        Instant expiresAt = records.expiry(issuedAt);
        Uni<Outcome> handling = now.isBefore(expiresAt)
                ? firstSighting(message, code.code(), issuedAt, Duration.between(now, expiresAt))
                : secondSighting(message, code.code());
        Instant due = now.isBefore(expiresAt) || inserted.isAfter(expiresAt) ? inserted : expiresAt;
        return handling
                .invoke(outcome -> sighted.fire(new CodeSighted(code.code(), outcome.name().toLowerCase(java.util.Locale.ROOT),
                        now, message.getDequeueCount(), outcome == Outcome.RECORDED ? expiresAt : null)))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Message %s not handled yet (%s); it reappears", message.getMessageId(),
                            failure.getClass().getSimpleName());
                    return Outcome.FAILED;
                })
                .map(outcome -> new Handled(outcome, lag(due, now)));
    }

    /** Record the code (if not yet), put the message back until the code expires, delete the one received. */
    private Uni<Outcome> firstSighting(QueueMessageItem message, String code, Instant issuedAt, Duration life) {
        // Whole seconds (the queue's unit), rounded up: the copy never reappears before the code has expired.
        Duration hidden = Duration.ofSeconds((life.toMillis() + 999) / 1000);
        return records.recordIfAbsent(code, issuedAt)
                .chain(() -> ReactorBridge.toUni(queue.sendMessageWithResponse(message.getBody(), hidden, null)))
                .chain(() -> delete(message))
                .replaceWith(Outcome.RECORDED);
    }

    /** The code's life is over: its entity goes first, then the message (a lost delete only repeats this). */
    private Uni<Outcome> secondSighting(QueueMessageItem message, String code) {
        return records.forget(code).chain(() -> delete(message)).replaceWith(Outcome.EXPIRED);
    }

    private Uni<Outcome> notACode(QueueMessageItem message, NotACodeException why) {
        if (message.getDequeueCount() < maxDequeueCount) {
            LOG.debugf("Message %s is not a code (%s); received %d times", message.getMessageId(), why.getMessage(),
                    message.getDequeueCount());
            return Uni.createFrom().item(Outcome.LEFT);
        }
        // Safe to repeat: a lost delete leaves the message to be moved again (a second copy in the poison queue).
        return ReactorBridge.toUni(poison.sendMessage(BinaryData.fromBytes(message.getBody().toBytes())))
                .chain(() -> delete(message))
                .invoke(() -> LOG.warnf("Message %s is not a code (%s); moved to the poison queue after %d receives",
                        message.getMessageId(), why.getMessage(), message.getDequeueCount()))
                .replaceWith(Outcome.POISONED)
                .onFailure().recoverWithItem(Outcome.FAILED);
    }

    /** Deletes the received message; if its receipt is no longer valid, another receive has it now. */
    private Uni<Void> delete(QueueMessageItem message) {
        return ReactorBridge.toUni(queue.deleteMessage(message.getMessageId(), message.getPopReceipt()))
                .onFailure(failure -> failure instanceof HttpResponseException http && http.getResponse() != null
                        && http.getResponse().getStatusCode() == 404)
                .recoverWithNull()
                .replaceWithVoid();
    }


    private static long lag(Instant due, Instant now) {
        return Duration.between(due, now).toMillis();
    }
}
