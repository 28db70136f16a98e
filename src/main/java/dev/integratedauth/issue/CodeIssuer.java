package dev.integratedauth.issue;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.codes.CodeQueue;
import dev.integratedauth.codes.CodeRecords;
import dev.integratedauth.codes.CodesConfig;
import dev.integratedauth.randomnumber.KeyUnavailableException;
import dev.integratedauth.randomnumber.RandomNumberClient;
import dev.integratedauth.web.ProblemException;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * Issues one code: a number from the third-party API, a code around it, its message accepted by the queue, its entity
 * recorded in the codes' table (so it can be verified at once), and only then the code for the caller. Every failure
 * becomes a {@link ProblemException} that names the dependency that failed ({@link IssueFailure}).
 */
// Made at boot, not by the first request: loading its classes would take an event loop for a while on a cold JVM.
@Startup
@ApplicationScoped
public class CodeIssuer {

    /** Codes tried for one number: three taken in a row means the table does not answer truly. */
    private static final int CODES_PER_NUMBER = 3;

    private final RandomNumberClient randomNumbers;
    private final CodeGenerator generator;
    private final CodeQueue queue;
    private final CodeRecords records;
    private final ObjectMapper json;
    private final Duration deadline;

    CodeIssuer(RandomNumberClient randomNumbers, CodeGenerator generator, CodeQueue queue, CodeRecords records,
            ObjectMapper json, CodesConfig config) {
        this.randomNumbers = randomNumbers;
        this.generator = generator;
        this.queue = queue;
        this.records = records;
        this.json = json;
        this.deadline = config.deadline();
    }

    public Uni<IssuedCode> issue() {
        return randomNumbers.randomNumber()
                .onFailure().transform(e -> e instanceof KeyUnavailableException key
                        ? IssueFailure.KEY_VAULT.of(key.getCause(), key)
                        : IssueFailure.THIRD_PARTY_API.of(e))
                .chain(number -> place(number, CODES_PER_NUMBER))
                .ifNoItem().after(deadline)
                .failWith(() -> new ProblemException(IssueFailure.DEADLINE, null));
    }

    /**
     * A code around {@code number}, queued and then recorded. A code already in the table belongs to someone else (one
     * issue in about 10^7 while 10^6 codes are live), and another code is tried. The message already sent for it
     * removes that code's entity only at its own expiry, after the earlier issue of the code has expired too.
     */
    private Uni<IssuedCode> place(int number, int triesLeft) {
        IssuedCode code = generator.issue(number);
        return queue.send(messageText(code))
                .onFailure().transform(IssueFailure.QUEUE::of)
                // After the queue: the message is what removes the entity when the code expires, so an entity never
                // exists without it. One insert (no content back), conditional on absence.
                .chain(() -> records.record(code.code(), code.issuedAt())
                        .onFailure().transform(IssueFailure.TABLE::of))
                .chain(recorded -> recorded ? Uni.createFrom().item(code)
                        : triesLeft > 1 ? place(number, triesLeft - 1)
                        : Uni.createFrom().failure(IssueFailure.TABLE.of(new CodeTakenException(CODES_PER_NUMBER))));
    }

    private String messageText(IssuedCode code) {
        try {
            return json.writeValueAsString(code);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of two strings always serialises", e);
        }
    }
}
