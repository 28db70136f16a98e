package dev.integratedauth.code;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.azure.CodeQueue;
import dev.integratedauth.lifecycle.CodeRecords;
import dev.integratedauth.problem.CodeNotIssuedException;
import dev.integratedauth.problem.FailureKind;
import dev.integratedauth.randomnumber.RandomNumberClient;
import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;

/**
 * Issues one code: a number from the third-party API, a code around it, its message accepted by the queue, its
 * entity recorded in the codes' table (so it can be verified at once), and only then the code for the caller. Every failure becomes a {@link CodeNotIssuedException} that names the
 * dependency that failed.
 */
// Created at boot, not by the first request: building it (Jackson, the REST client, the Azure clients) loads
// classes for seconds on a cold JVM, which must not happen on an event loop.
@Startup
@ApplicationScoped
public class CodeIssuer {

    @ConfigMapping(prefix = "app.code")
    public interface CodeConfig {
        /** Total time one request may take, all retries included; then 504. */
        @WithDefault("10s")
        Duration deadline();
    }

    private final RandomNumberClient randomNumbers;
    private final CodeGenerator generator;
    private final CodeQueue queue;
    private final CodeRecords records;
    private final ObjectMapper json;
    private final Duration deadline;

    CodeIssuer(RandomNumberClient randomNumbers, CodeGenerator generator, CodeQueue queue, CodeRecords records,
            ObjectMapper json, CodeConfig config) {
        this.randomNumbers = randomNumbers;
        this.generator = generator;
        this.queue = queue;
        this.records = records;
        this.json = json;
        this.deadline = config.deadline();
    }

    public Uni<IssuedCode> issue() {
        return randomNumbers.randomNumber()
                .map(generator::issue)
                .chain(code -> queue.send(messageText(code))
                        .onFailure().transform(e -> CodeNotIssuedException.of(FailureKind.QUEUE, e))
                        // After the queue: the message is what removes the entity when the code expires, so an
                        // entity never exists without it. One insert (no content back), conditional on absence.
                        .chain(() -> records.record(code.code(), code.issuedAt()))
                        .onFailure(e -> !(e instanceof CodeNotIssuedException))
                        .transform(e -> CodeNotIssuedException.of(FailureKind.TABLE, e))
                        .replaceWith(code))
                .ifNoItem().after(deadline)
                .failWith(() -> new CodeNotIssuedException(FailureKind.DEADLINE, null));
    }

    private String messageText(IssuedCode code) {
        try {
            return json.writeValueAsString(code);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record of two strings always serialises", e);
        }
    }
}
