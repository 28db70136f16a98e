package dev.integratedauth.workarounds.azuresdk;

import com.azure.core.http.HttpRequest;

/**
 * An Azure answer was larger than {@code app.azure.http.max-response-size}. The message names the host and path (never
 * the query, which can hold a SAS) and no part of the body.
 */
public final class AzureResponseTooLargeException extends RuntimeException {

    AzureResponseTooLargeException(HttpRequest request, String what, long maxBytes) {
        super("Azure answered " + request.getUrl().getHost() + request.getUrl().getPath() + " with " + what
                + ", over the limit of " + maxBytes, null, false, false);
    }
}
