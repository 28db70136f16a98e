package dev.integratedauth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test class, the log file that the tests write at DEBUG (request logging on) holds neither the
 * third-party key (any value the tests used) nor an access token, and no Vert.x "thread blocked" warning: nothing
 * blocked an event loop.
 */
public class LogHygiene implements AfterAllCallback {

    static final Path LOG = Path.of("target/test-logs/quarkus.log");
    /** Every JWT starts with a base64url JSON header: {"... is eyJ. */
    private static final Pattern TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");

    /** Every key value the tests put in Key Vault or the API. */
    public static final List<String> KEYS = List.of(LocalAzureTestResource.THIRD_PARTY_KEY, "tpk-ROTATED-CANARY-8kP3",
            "tpk-WRONG-CANARY-2nQ5");

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        assertNoSecretIn(LOG);
    }

    public static void assertNoSecretIn(Path log) throws IOException {
        if (!Files.exists(log)) {
            throw new AssertionError("No log at " + log + ": the scan would prove nothing");
        }
        List<String> lines = Files.readAllLines(log);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            for (String key : KEYS) {
                if (line.contains(key)) {
                    throw new AssertionError("The third-party key is in " + log + " line " + (i + 1));
                }
            }
            if (TOKEN.matcher(line).find()) {
                throw new AssertionError("An access token is in " + log + " line " + (i + 1));
            }
            if (line.contains("has been blocked for")) {
                throw new AssertionError("An event loop was blocked: " + log + " line " + (i + 1));
            }
        }
    }
}
