package dev.integratedauth.testing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.integratedauth.localazure.LocalAzure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Outages of the token endpoints: the managed-identity endpoint ({@code GET /msi/token}, Container Apps) and Entra's
 * token endpoint ({@code POST /{tenant}/oauth2/v2.0/token}, a service principal). A fault stub at a higher priority
 * than the local Azure's defaults answers both until {@link #restore}; the journal tells which token requests were
 * served and which met the fault.
 */
public final class IdentityFaults {

    /** How the endpoints fail. */
    public enum Kind {
        /** The connection is reset: the endpoint's host is gone. */
        CONNECTION_RESET,
        /** 500, as a broken identity endpoint answers. */
        STATUS_500,
        /** 503, as an overloaded one answers. */
        STATUS_503
    }

    private static final UUID MANAGED_IDENTITY_FAULT = UUID.fromString("00000000-0000-4000-8000-0000001d0001");
    private static final UUID ENTRA_FAULT = UUID.fromString("00000000-0000-4000-8000-0000001d0002");
    private static final String MANAGED_IDENTITY_PATH = "/msi/token";

    private IdentityFaults() {
    }

    /** Both token endpoints fail this way until {@link #restore}. */
    public static void fail(LocalAzure localAzure, Kind kind) {
        restore(localAzure);
        var response = switch (kind) {
            case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case STATUS_500 -> aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"server_error\",\"error_description\":\"injected by the test\"}");
            case STATUS_503 -> aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"temporarily_unavailable\",\"error_description\":\"injected by the test\"}");
        };
        localAzure.stubs().stubFor(get(urlPathEqualTo(MANAGED_IDENTITY_PATH)).withId(MANAGED_IDENTITY_FAULT)
                .atPriority(1).willReturn(response));
        localAzure.stubs().stubFor(post(urlPathMatching("/[^/]+/oauth2/v2\\.0/token")).withId(ENTRA_FAULT)
                .atPriority(1).willReturn(response));
    }

    /** The token endpoints answer again. */
    public static void restore(LocalAzure localAzure) {
        for (UUID id : new UUID[] {MANAGED_IDENTITY_FAULT, ENTRA_FAULT}) {
            localAzure.stubs().getStubMappings().stream().filter(m -> id.equals(m.getId())).findFirst()
                    .ifPresent(m -> localAzure.stubs().removeStub(m));
        }
    }

    /** Tokens issued so far for {@code resource} (e.g. {@code https://storage.azure.com}), oldest first. */
    public static List<Instant> issued(LocalAzure localAzure, String resource) {
        return tokenRequests(localAzure, resource).stream().filter(e -> !isFault(e)
                && e.getResponse().getStatus() == 200).map(e -> e.getRequest().getLoggedDate().toInstant()).sorted()
                .toList();
    }

    /** Token requests for {@code resource} that met the fault, oldest first. */
    public static List<Instant> failed(LocalAzure localAzure, String resource) {
        return tokenRequests(localAzure, resource).stream().filter(IdentityFaults::isFault)
                .map(e -> e.getRequest().getLoggedDate().toInstant()).sorted().toList();
    }

    /** Every token request so far, for any resource, served or failed. */
    public static int requests(LocalAzure localAzure) {
        return tokenRequests(localAzure, "").size();
    }

    private static List<ServeEvent> tokenRequests(LocalAzure localAzure, String resource) {
        return localAzure.stubs().getAllServeEvents().stream().filter(e -> isTokenRequest(e, resource)).toList();
    }

    private static boolean isTokenRequest(ServeEvent event, String resource) {
        var request = event.getRequest();
        String path = request.getUrl().split("\\?")[0];
        if (path.equals(MANAGED_IDENTITY_PATH)) {
            var param = request.queryParameter("resource");
            return param.isPresent() && param.firstValue().startsWith(resource);
        }
        return path.matches("/[^/]+/oauth2/v2\\.0/token") && request.getBodyAsString().contains(
                java.net.URLEncoder.encode(resource, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static boolean isFault(ServeEvent event) {
        return event.getStubMapping() != null && (MANAGED_IDENTITY_FAULT.equals(event.getStubMapping().getId())
                || ENTRA_FAULT.equals(event.getStubMapping().getId()));
    }
}
