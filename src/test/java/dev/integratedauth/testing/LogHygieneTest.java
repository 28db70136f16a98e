package dev.integratedauth.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The log scan finds what it looks for (so its silence elsewhere means something). */
class LogHygieneTest {

    @TempDir
    Path dir;

    @Test
    void findsTheKey() throws Exception {
        Path log = Files.writeString(dir.resolve("a.log"), "ok\nRequest: x-functions-key="
                + LocalAzureTestResource.THIRD_PARTY_KEY + "\n");
        assertThrows(AssertionError.class, () -> LogHygiene.assertNoSecretIn(log));
    }

    @Test
    void findsAToken() throws Exception {
        Path log = Files.writeString(dir.resolve("b.log"),
                "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0In0.c2ln\n");
        assertThrows(AssertionError.class, () -> LogHygiene.assertNoSecretIn(log));
    }

    @Test
    void findsABlockedEventLoop() throws Exception {
        Path log = Files.writeString(dir.resolve("c.log"),
                "WARN Thread Thread[vert.x-eventloop-thread-1] has been blocked for 2345 ms\n");
        assertThrows(AssertionError.class, () -> LogHygiene.assertNoSecretIn(log));
    }

    @Test
    void passesACleanLog() throws Exception {
        Path log = Files.writeString(dir.resolve("d.log"), "INFO Third-party API key loaded from Key Vault\n");
        LogHygiene.assertNoSecretIn(log);
    }
}
