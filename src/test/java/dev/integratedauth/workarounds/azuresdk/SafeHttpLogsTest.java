package dev.integratedauth.workarounds.azuresdk;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.storage.queue.QueueClientBuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever an operator or a builder asks for, the SDK's HTTP log shows no body and no credential. */
class SafeHttpLogsTest {

    @Test
    void bodiesAreNeverLogged() {
        assertEquals(HttpLogDetailLevel.HEADERS,
                SafeHttpLogs.cap(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.BODY_AND_HEADERS)).getLogLevel());
        assertEquals(HttpLogDetailLevel.BASIC,
                SafeHttpLogs.cap(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.BODY)).getLogLevel());
        for (HttpLogDetailLevel kept : Set.of(HttpLogDetailLevel.NONE, HttpLogDetailLevel.BASIC,
                HttpLogDetailLevel.HEADERS)) {
            assertEquals(kept, SafeHttpLogs.cap(new HttpLogOptions().setLogLevel(kept)).getLogLevel());
        }
    }

    @Test
    void noHeaderOrQueryParameterThatCanCarryACredentialIsAllowed() {
        HttpLogOptions options = SafeHttpLogs.cap(new HttpLogOptions()
                .setAllowedHeaderNames(Set.of("Authorization", "x-functions-key", "X-IDENTITY-HEADER",
                        "x-ms-copy-source-authorization", "x-ms-encryption-key", "Cookie", "x-ms-request-id",
                        "x-ms-keyvault-region", "WWW-Authenticate"))
                .setAllowedQueryParamNames(Set.of("sig", "code", "api-version", "client_secret")));
        assertEquals(Set.of("x-ms-request-id", "x-ms-keyvault-region", "WWW-Authenticate"),
                options.getAllowedHeaderNames());
        assertEquals(Set.of("api-version"), options.getAllowedQueryParamNames());
    }

    @Test
    void storageDefaultsKeepTheirRequestIdsAndLoseNothingElseUseful() {
        HttpLogOptions options = SafeHttpLogs.cap(QueueClientBuilder.getDefaultHttpLogOptions()
                .setLogLevel(HttpLogDetailLevel.BODY_AND_HEADERS));
        assertTrue(options.getAllowedHeaderNames().contains("x-ms-request-id"));
        assertTrue(options.getAllowedHeaderNames().contains("x-ms-error-code"));
        assertFalse(options.getAllowedQueryParamNames().contains("sig"));
        assertEquals(HttpLogDetailLevel.HEADERS, options.getLogLevel());
    }

    @Test
    void customLoggersThatCouldPrintBodiesAreDropped() {
        HttpLogOptions options = SafeHttpLogs.cap(new HttpLogOptions()
                .setRequestLogger((logger, context) -> reactor.core.publisher.Mono.empty()));
        assertNull(options.getRequestLogger());
        assertNull(options.getResponseLogger());
    }
}
