package dev.integratedauth.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log scans find what they look for (so their silence elsewhere means something). */
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
    void findsTheServicePrincipalSecret() throws Exception {
        Path log = Files.writeString(dir.resolve("h.log"), "DEBUG client_secret=local-azure-client-secret\n");
        assertThrows(AssertionError.class, () -> LogHygiene.assertNoSecretIn(log));
    }

    /** A token the local Azure issued, even cut out of its JWT shape (here: only its signature). */
    @Test
    void findsAnIssuedTokenByItsExactValue() throws Exception {
        String issued = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL3N0b3JhZ2UuYXp1cmUuY29tIn0"
                + ".Qm9ndXNTaWduYXR1cmVPZkFUb2tlbkZyb21Mb2NhbEF6dXJl";
        Path log = Files.writeString(dir.resolve("e.log"),
                "DEBUG sig=Qm9ndXNTaWduYXR1cmVPZkFUb2tlbkZyb21Mb2NhbEF6dXJl\n");
        LogHygiene.assertNoSecretIn(log); // not JWT-shaped, and not issued by any watched local Azure
        assertThrows(AssertionError.class, () -> LogHygiene.assertNoSecretIn(log, List.of(issued)));
    }

    /** Vert.x's network activity log: the key split over rows of a hex dump, where no text search finds it. */
    @Test
    void findsARawNetworkDump() throws Exception {
        Path log = Files.writeString(dir.resolve("f.log"), String.join("\n",
                "DEBUG [io.net.han.log.LoggingHandler] [id: 0x291da72c] WRITE: 165B",
                "         +-------------------------------------------------+",
                "         |  0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f |",
                "|00000060| 63 74 69 6f 6e 73 2d 6b 65 79 3a 20 74 70 6b 2d |ctions-key: tpk-|",
                "|00000070| 5a 71 38 76 2d 4c 45 41 4b 2d 43 41 4e 41 52 59 |Zq8v-LEAK-CANARY|") + "\n");
        assertThrows(AssertionError.class, () -> LogHygiene.assertNoSecretIn(log));
    }

    /** The SDK's HTTP log of the leak issue 14 found: a managed-identity token response with its body. */
    @Test
    void findsATokenResponseBody() throws Exception {
        Path log = Files.writeString(dir.resolve("g.log"), "{\"level\":\"INFO\",\"message\":\"{\\\"az.sdk.message"
                + "\\\":\\\"HTTP response\\\",\\\"body\\\":\\\"{\\\\\\\"access_token\\\\\\\":"
                + "\\\\\\\"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0LmF6dXJlLm5ldCJ9.c2ln\"}\n");
        assertThrows(AssertionError.class, () -> LogHygiene.assertNoSecretIn(log));
    }

    @Test
    void healthyRunFindsWarnAndErrorInTextAndJsonLines() {
        assertTrue(HealthyRun.isUnexpectedWarnOrError(
                "21:10:05,683 WARN  [io.mic.cor.ins.MeterRegistry] (vert.x-eventloop-thread-1) This Gauge has been"));
        assertTrue(HealthyRun.isUnexpectedWarnOrError("20:45:29,476 ERROR [io.qua.ver.cor.run.VertxCoreRecorder] (x)"
                + " Uncaught exception received by Vert.x"));
        assertTrue(HealthyRun.isUnexpectedWarnOrError(
                "{\"timestamp\":\"2026-12-01T20:38:40Z\",\"loggerName\":\"io.micrometer\",\"level\":\"WARN\","
                        + "\"message\":\"This Gauge\"}"));
        assertTrue(HealthyRun.isUnexpectedWarnOrError("2026-12-01 20:40:36,884 vm /usr/bin/java[25636] WARN  [io.qua]"
                + " (main) the default file format"));
        assertFalse(HealthyRun.isUnexpectedWarnOrError(
                "21:10:05,683 INFO  [dev.int.azu.CodeQueue] (main) a message that says WARN and ERROR"));
        assertFalse(HealthyRun.isUnexpectedWarnOrError("{\"level\":\"DEBUG\",\"message\":\"\\\"level\\\":"
                + "\\\"WARN\\\"\"}"));
        assertFalse(HealthyRun.isUnexpectedWarnOrError("\tat io.vertx.core.Promise.fail(Promise.java:90) ERROR"));
    }

    @Test
    void passesACleanLog() throws Exception {
        Path log = Files.writeString(dir.resolve("d.log"), "INFO Third-party API key loaded from Key Vault\n");
        LogHygiene.assertNoSecretIn(log);
    }
}
