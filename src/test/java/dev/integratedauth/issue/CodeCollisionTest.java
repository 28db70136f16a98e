package dev.integratedauth.issue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.integratedauth.codes.CodeRecords;
import dev.integratedauth.faults.Problems;
import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.Codes;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.LogHygiene;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new code that is already in the table belongs to another caller: it is never given out (another one is), and the
 * existing entity is left as it was. The generator is made to repeat itself, which it does once in about 10^7 issues.
 */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
@ExtendWith(LogHygiene.class)
class CodeCollisionTest {

    @InjectLocalAzure
    LocalAzure localAzure;

    @Inject
    CodeRecords records;

    /** The codes the generator makes next, whatever the API's number; random ones after these. */
    private final Deque<String> next = new ArrayDeque<>();

    @BeforeEach
    void repeatingGenerator() {
        localAzure.clearQueue();
        QuarkusMock.installMockForType(new CodeGenerator() {
            @Override
            public IssuedCode issue(int number) {
                IssuedCode random = super.issue(number);
                String code = next.poll();
                return code == null ? random : new IssuedCode(code, random.timestamp());
            }
        }, CodeGenerator.class);
    }

    @Test
    void aCodeTakenByAnotherCallerIsNotGivenOutAgain() {
        String taken = "Tak-" + (System.nanoTime() % 1000) + "-Enn";
        next.add(taken);
        String first = Codes.issue();
        Map<String, Object> entity = localAzure.entities(first).get(0);

        next.add(taken);
        next.add("Fre-" + (System.nanoTime() % 1000) + "-Shh");
        String second = Codes.issue();

        assertTrue(second.startsWith("Fre-"), "the second caller got " + second + ", the first one's was " + first);
        assertEquals(List.of(entity), localAzure.entities(first), "the first code's entity is untouched");
        assertEquals(1, localAzure.entities(second).size(), "the second code is recorded");
        assertTrue(Codes.verifies(second));
        assertTrue(Codes.verifies(first), "the first caller's code is still theirs to use");
    }

    @Test
    void aTableThatHoldsEveryCodeGivesAProblemNotACode() {
        String taken = "Ful-" + (System.nanoTime() % 1000) + "-Lll";
        next.add(taken);
        String first = Codes.issue();
        for (int i = 0; i < 3; i++) {
            next.add(taken);
        }
        Problems.getCodeFails(503, "table-unavailable");
        assertEquals(1, localAzure.entities(first).size());
    }

    @Test
    void anInsertRepeatedByTheSdkCountsAsRecorded() {
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String code = "Rep-" + (System.nanoTime() % 1000) + "-Eat";
        assertTrue(records.record(code, issuedAt).await().indefinitely(), "created");
        assertTrue(records.record(code, issuedAt).await().indefinitely(), "the same issue again: its own entity");
        assertFalse(records.record(code, issuedAt.plusMillis(1)).await().indefinitely(), "another issue");
    }
}
