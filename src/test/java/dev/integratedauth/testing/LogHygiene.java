package dev.integratedauth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.localazure.LocalAzureEndpoints;

/**
 * After each test class, every log line this test run has written (the DEBUG file log of the tests' applications,
 * the JSON logs, the packaged app's log in the *IT tests) holds:
 * <ul>
 * <li>no third-party key (any value the tests used), and neither the service principal's secret nor the
 * managed-identity header's value;</li>
 * <li>no access token: none of the exact tokens the local Azure issued (each part of them), and nothing shaped like
 * a JWT;</li>
 * <li>no claim of a caller's token that names the caller: the callers' object ids and client ids;</li>
 * <li>no raw network dump (a hex dump splits a secret over lines, where no text search finds it);</li>
 * <li>no Vert.x "thread blocked" warning: nothing blocked an event loop.</li>
 * </ul>
 * The suite runs with every log switch on (pom.xml, application.properties), so this holds at any log setting.
 */
public class LogHygiene implements AfterAllCallback {

    static final Path LOG = Path.of("target/test-logs/quarkus.log");
    /** Where the tests' applications write their logs; files older than this JVM belong to earlier runs. */
    static final List<Path> LOG_DIRECTORIES = List.of(Path.of("target/test-logs"), Path.of("target/json-log"));
    /** Every JWT starts with a base64url JSON header: {"... is eyJ. */
    private static final Pattern TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");
    /** A run of base64url long enough to be a token's payload or signature. */
    private static final Pattern TOKEN_PART = Pattern.compile("[A-Za-z0-9_-]{20,}");
    /** The ruler of Netty's hex dump (Vert.x's network activity log). */
    private static final String HEX_DUMP = "|  0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f |";

    /** Every key value the tests put in Key Vault or the API. */
    public static final List<String> KEYS = List.of(LocalAzureTestResource.THIRD_PARTY_KEY, "tpk-ROTATED-CANARY-8kP3",
            "tpk-WRONG-CANARY-2nQ5");
    /** The service's own credentials on the local Azure: the service principal's secret, the managed-identity header. */
    static final List<String> CREDENTIALS = List.of(LocalAzureEndpoints.CLIENT_SECRET,
            LocalAzureEndpoints.MANAGED_IDENTITY_HEADER, LocalAzureEndpoints.CALLER_CLIENT_SECRET);
    /** The callers' identities in their tokens: the caller app's, and every one the tests make up. */
    private static final Pattern CALLER_CLAIM = Pattern.compile(Pattern.quote(LocalAzureEndpoints.CALLER_OBJECT_ID)
            + "|" + Pattern.quote(LocalAzureEndpoints.CALLER_CLIENT_ID) + "|" + TestCaller.OBJECT_ID_PREFIX);

    /**
     * The scan's state, shared by every copy of this class. Quarkus loads test classes (and so this extension, when
     * a class names it) in one class loader per application, JUnit loads the copy it runs after every class in its
     * own; the JVM's system properties are the one map they all see, so the state holds JDK types only: the
     * watched local Azures' token lists, and how far each log file has been found clean.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> shared() {
        return (Map<String, Object>) System.getProperties().computeIfAbsent("integrated-auth.tests.log-hygiene",
                key -> new ConcurrentHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private static List<Supplier<List<String>>> tokenSources() {
        return (List<Supplier<List<String>>>) shared().computeIfAbsent("token-sources",
                key -> new CopyOnWriteArrayList<Supplier<List<String>>>());
    }

    /**
     * Per log file (by file key: a rotated file keeps it under its new name), the byte offset up to which it has
     * been found clean.
     */
    @SuppressWarnings("unchecked")
    static Map<Object, Long> scanned() {
        return (Map<Object, Long>) shared().computeIfAbsent("scanned", key -> new ConcurrentHashMap<Object, Long>());
    }

    static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : file.toAbsolutePath();
        } catch (IOException e) {
            return file.toAbsolutePath();
        }
    }

    /** The test resources register each local Azure they start, so its tokens are looked for. */
    public static void watch(LocalAzure localAzure) {
        tokenSources().add(localAzure::issuedTokens);
    }

    /** The payload and signature of every token the watched local Azures issued. */
    static Set<String> issuedTokenParts() {
        Set<String> parts = new HashSet<>();
        for (Supplier<List<String>> source : tokenSources()) {
            for (String token : source.get()) {
                String[] segments = token.split("\\.");
                // The header segment is the same for every token; payload and signature are unique.
                for (int i = 1; i < segments.length; i++) {
                    parts.add(segments[i]);
                }
            }
        }
        return parts;
    }

    /** TokenDiagnostics' INFO line: the application got a token. */
    private static final String TOKEN_OBTAINED = "Azure credential: first token for";

    @Override
    public void afterAll(ExtensionContext context) {
        Set<String> tokenParts = issuedTokenParts();
        boolean tokensObtained = false;
        synchronized (shared()) {
            for (Path log : runLogs()) {
                tokensObtained |= scanNewLines(log, tokenParts);
            }
        }
        if (tokensObtained && tokenParts.isEmpty()) {
            throw new AssertionError("The application got tokens, but no local Azure's tokens are known here: the"
                    + " exact-token check would prove nothing (register it with LogHygiene.watch)");
        }
    }

    /** The log files this JVM's run has written so far. */
    public static List<Path> runLogs() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        List<Path> logs = new ArrayList<>();
        for (Path directory : LOG_DIRECTORIES) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(Files::isRegularFile)
                        .filter(file -> file.getFileName().toString().contains(".log"))
                        .filter(file -> modifiedSince(file, jvmStart))
                        .sorted()
                        .forEach(logs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return logs;
    }

    private static boolean modifiedSince(Path file, long millis) {
        try {
            return Files.getLastModifiedTime(file).toMillis() >= millis;
        } catch (IOException e) {
            return false; // rotated away meanwhile
        }
    }

    /** Whether the new lines say the application got a token. */
    private static boolean scanNewLines(Path log, Set<String> tokenParts) {
        Object key = fileKey(log);
        Tail tail = completeLinesFrom(log, scanned().getOrDefault(key, 0L));
        boolean tokensObtained = assertClean(log + " after byte " + tail.from(), tail.lines(), tokenParts);
        scanned().put(key, tail.end());
        return tokensObtained;
    }

    /** The complete lines of a log from byte {@code from} on, and the offset after the last of them. */
    record Tail(long from, List<String> lines, long end) {
    }

    /**
     * The lines of {@code log} written to the end since byte {@code from} (a line still being written is left for
     * later); from the start if the file is now shorter than that.
     */
    static Tail completeLinesFrom(Path log, long from) {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            long size = channel.size();
            long start = size < from ? 0 : from;
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read to the end
            }
            byte[] bytes = buffer.array();
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
            return new Tail(start, text.lines().toList(), start + end);
        } catch (IOException e) {
            return new Tail(from, List.of(), from); // rotated away meanwhile: it is read under its new name
        }
    }

    /** Every complete line of {@code log}. */
    public static List<String> completeLines(Path log) {
        return completeLinesFrom(log, 0).lines();
    }

    /** The whole of {@code log}, against the keys, the JWT shape and the tokens the watched local Azures issued. */
    public static void assertNoSecretIn(Path log) throws IOException {
        assertNoSecretIn(log, issuedTokenParts());
    }

    /** {@code tokens}: exact token values (or parts of them) that must not appear either. */
    public static void assertNoSecretIn(Path log, Collection<String> tokens) throws IOException {
        if (!Files.exists(log)) {
            throw new AssertionError("No log at " + log + ": the scan would prove nothing");
        }
        Set<String> parts = new HashSet<>();
        for (String token : tokens) {
            parts.addAll(List.of(token.split("\\.")));
        }
        assertClean(log.toString(), Files.readAllLines(log, StandardCharsets.UTF_8), parts);
    }

    private static boolean assertClean(String log, List<String> lines, Set<String> tokenParts) {
        boolean tokensObtained = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            tokensObtained |= line.contains(TOKEN_OBTAINED);
            String where = log + ", line " + (i + 1);
            for (String key : KEYS) {
                if (line.contains(key)) {
                    throw new AssertionError("The third-party key is in " + where);
                }
            }
            for (String credential : CREDENTIALS) {
                if (line.contains(credential)) {
                    throw new AssertionError("A credential of the service is in " + where);
                }
            }
            if (CALLER_CLAIM.matcher(line).find()) {
                throw new AssertionError("A caller's identity (a claim of its token) is in " + where);
            }
            if (TOKEN.matcher(line).find()) {
                throw new AssertionError("An access token is in " + where);
            }
            Matcher part = TOKEN_PART.matcher(line);
            while (part.find()) {
                if (tokenParts.contains(part.group())) {
                    throw new AssertionError("A token the local Azure issued is in " + where);
                }
            }
            if (line.contains(HEX_DUMP)) {
                throw new AssertionError("A raw network dump is in " + where);
            }
            if (line.contains("has been blocked for")) {
                throw new AssertionError("An event loop was blocked: " + where);
            }
        }
        return tokensObtained;
    }
}
