package dev.integratedauth.issue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

/** Makes codes like the original: {@code <3 letters>-<number>-<3 letters>}, letters from [A-Za-z]. */
// Made at boot, so that the first request does not load and seed its SecureRandom on an event loop.
@Startup
@ApplicationScoped
public class CodeGenerator {

    private static final char[] LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** Always six fraction digits, so every timestamp has the same shape (Instant.toString drops zeros). */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    // Created at run time, never in a native image's heap: its seed must not be baked into the binary.
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    public IssuedCode issue(int number) {
        StringBuilder code = new StringBuilder(16);
        appendLetters(code).append('-').append(number).append('-');
        appendLetters(code);
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        return new IssuedCode(code.toString(), TIMESTAMP.format(now));
    }

    private StringBuilder appendLetters(StringBuilder code) {
        for (int i = 0; i < 3; i++) {
            code.append(LETTERS[random.nextInt(LETTERS.length)]);
        }
        return code;
    }
}
