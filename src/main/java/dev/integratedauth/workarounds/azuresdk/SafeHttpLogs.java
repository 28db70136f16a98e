package dev.integratedauth.workarounds.azuresdk;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;

/**
 * The HTTP log options of every Azure SDK pipeline the service builds: the credential's, Key Vault's, Queue Storage's,
 * and any added later. One line per builder: {@code .httpLogOptions(SafeHttpLogs.options())}, or, where the SDK has
 * richer defaults (Storage), {@code .httpLogOptions(SafeHttpLogs.cap(QueueClientBuilder .getDefaultHttpLogOptions()))};
 * in a pipeline built here ({@link TablePipeline}), {@code new HttpLoggingPolicy(SafeHttpLogs.options())}.
 * <p>
 * Why: {@code AZURE_HTTP_LOG_DETAIL_LEVEL}, the SDK's documented troubleshooting switch, would otherwise log every body
 * at INFO: the managed-identity and Entra token responses (bearer tokens), the Key Vault secret (the third-party key).
 * So whatever it says, and whatever the log levels are:
 * <ul>
 * <li>bodies are never logged: {@code BODY_AND_HEADERS} becomes {@code HEADERS}, {@code BODY} becomes
 * {@code BASIC};</li>
 * <li>no header or query parameter that can carry a credential is ever shown: {@code Authorization},
 * {@code x-functions-key}, {@code X-IDENTITY-HEADER}, {@code x-ms-*-authorization}, encryption keys, SAS signatures
 * ({@code sig}), function keys ({@code code}), ... (the SDK prints them as {@code REDACTED});</li>
 * <li>custom request/response loggers, which could print bodies, are dropped for the SDK's own.</li>
 * </ul>
 * URLs, status codes, durations and the remaining headers (request ids, {@code WWW-Authenticate}, ...) are kept: that
 * is what troubleshooting needs.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-core 1.58.1; upstream: by design,
 * {@code AZURE_HTTP_LOG_DETAIL_LEVEL} logs bodies. No canary: keep for as long as the switch exists.
 */
public final class SafeHttpLogs {

    private static final Logger LOG = Logger.getLogger(SafeHttpLogs.class);
    /**
     * A header or query parameter whose name contains one of these can carry a credential ({@code key}, but not Key
     * Vault's harmless {@code x-ms-keyvault-*} headers).
     */
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "authorization|cookie|key(?!vault)|secret|token|signature|password|credential|identity-header"
                    + "|copy-source|rename-source");
    /** Exact names that carry one: the managed-identity header of old App Service, SAS signatures, function keys. */
    private static final Set<String> CREDENTIAL_NAMES = Set.of("secret", "sig", "code");
    private static final AtomicBoolean CAP_REPORTED = new AtomicBoolean();

    private SafeHttpLogs() {
    }

    /** The SDK's default options (level from {@code AZURE_HTTP_LOG_DETAIL_LEVEL}), capped. */
    public static HttpLogOptions options() {
        return cap(new HttpLogOptions());
    }

    /** {@code options}, capped in place as described above, and returned. */
    public static HttpLogOptions cap(HttpLogOptions options) {
        HttpLogDetailLevel requested = options.getLogLevel();
        HttpLogDetailLevel capped = withoutBody(requested);
        if (capped != requested && CAP_REPORTED.compareAndSet(false, true)) {
            LOG.infof("Azure SDK HTTP logs: %s asked for, %s logged; bodies can hold tokens or the key and are never"
                    + " logged", requested, capped);
        }
        return options.setLogLevel(capped)
                .setAllowedHeaderNames(withoutCredentials(options.getAllowedHeaderNames()))
                .setAllowedQueryParamNames(withoutCredentials(options.getAllowedQueryParamNames()))
                .setRequestLogger(null)
                .setResponseLogger(null);
    }

    static HttpLogDetailLevel withoutBody(HttpLogDetailLevel level) {
        if (level == null || !level.shouldLogBody()) {
            return level;
        }
        return level.shouldLogHeaders() ? HttpLogDetailLevel.HEADERS : HttpLogDetailLevel.BASIC;
    }

    static boolean canCarryCredential(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return CREDENTIAL_NAMES.contains(lower) || CREDENTIAL_NAME.matcher(lower).find();
    }

    private static Set<String> withoutCredentials(Set<String> names) {
        return names.stream().filter(name -> !canCarryCredential(name)).collect(Collectors.toSet());
    }
}
