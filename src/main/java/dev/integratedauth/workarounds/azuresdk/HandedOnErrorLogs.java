package dev.integratedauth.workarounds.azuresdk;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Drops the ERROR lines Azure SDK loggers write about a failure they hand on to their caller; their other lines pass:
 * <ul>
 * <li>azure-core's {@code RetryPolicy}, when a call's retries are used up ("Retry attempts have been exhausted", then
 * the exception again);</li>
 * <li>azure-data-tables' {@code TableAsyncClient}, for every error answer ("Status code 500, ...");</li>
 * <li>azure-core's {@code AccessTokenCache}, in every client's bearer-token policy, for every request that finds no
 * token ("Failed to acquire a new access token."): while the identity endpoint is down and the token held has
 * expired, one per request (found by the 20-minute chaos run: a key rotation met an expired Key Vault token);</li>
 * <li>Vert.x's report (through Quarkus's {@code VertxCoreRecorder}) of azure-core-http-vertx failing a call's promise
 * a second time ({@code IllegalStateException: Result is already complete} from {@code Promise.fail}): when a connection
 * closes under a request, the client's write and response listeners both fail it, and the one that comes second
 * throws. The first failure reached the caller; only this line is dropped, any other uncaught exception passes.</li>
 * </ul>
 * Why: the failure is not lost: the caller decides what it means and logs it once per outage (a token attempt:
 * {@link BackgroundTokenRefresh}; a request: {@code web.OutageLog}; the consumer: its back-off). As ERROR, these lines
 * page an operator once per failed request while Table Storage answers 500 or the identity endpoint refuses
 * connections, which the chaos run showed; and no level setting can keep those categories' other lines (the token
 * cache's refresh lines among them) while dropping these.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-core 1.58.1 and azure-data-tables 12.5.9 (both log with
 * {@code logExceptionAsError}/{@code logThrowableAsError}, or at ERROR); upstream: by design. Remove
 * {@code RetryPolicy}'s when {@code AzureSdkCanaryTest#handedOnErrorLogsStillNeeded} fails, the token cache's when
 * {@code #handedOnTokenErrorLogsStillNeeded} does. The table line comes only on the service's verify
 * path (a failed read of the code), so it has no canary; the chaos run's table of WARN and ERROR lines shows it if it
 * comes back.
 */
@ApplicationScoped
class HandedOnErrorLogs {

    static final String RETRY_POLICY = "com.azure.core.http.policy.RetryPolicy";
    static final String TABLE_CLIENT = "com.azure.data.tables.TableAsyncClient";
    static final String TOKEN_CACHE = "com.azure.core.implementation.AccessTokenCache";
    static final String VERTX_UNCAUGHT = "io.quarkus.vertx.core.runtime.VertxCoreRecorder";
    /** Held, so the loggers (and their filters) outlive any weak reference the log manager keeps. */
    private static final List<Logger> LOGGERS = List.of(Logger.getLogger(RETRY_POLICY), Logger.getLogger(TABLE_CLIENT),
            Logger.getLogger(TOKEN_CACHE));
    private static final Logger VERTX = Logger.getLogger(VERTX_UNCAUGHT);

    void atStart(@Observes StartupEvent event) {
        LOGGERS.forEach(logger -> logger.setFilter(record -> record.getLevel().intValue() < Level.SEVERE.intValue()));
        VERTX.setFilter(record -> !isSecondFailure(record.getThrown()));
    }

    /** A promise failed again: thrown by {@code Promise.fail} itself, with Vert.x's message. */
    static boolean isSecondFailure(Throwable thrown) {
        return thrown instanceof IllegalStateException
                && "Result is already complete".equals(thrown.getMessage())
                && thrown.getStackTrace().length > 0
                && thrown.getStackTrace()[0].getClassName().equals("io.vertx.core.Promise");
    }
}
