package dev.integratedauth.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.CodeShape;
import dev.integratedauth.testing.IdentityFaults;
import dev.integratedauth.testing.IdentityFaults.Kind;
import dev.integratedauth.testing.LocalAzureManagedIdentityResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The managed-identity endpoint (the packaged app authenticates as on Container Apps, {@code IDENTITY_ENDPOINT}) is
 * down at start, comes back, fails again while the tokens are valid, and fails while a token is being refreshed
 * ahead of its expiry. The endpoint issues tokens valid for {@value #LIFETIME_SECONDS} s, so azure-core's refresh
 * ahead of expiry (5 minutes before it) starts {@value #LIFETIME_SECONDS} - 300 s after a token was issued.
 * <p>
 * One scenario in one app, in order, because every phase needs the state the previous one left (no token at all,
 * then fresh tokens, then tokens in their refresh window).
 */
@QuarkusIntegrationTest
@WithTestResource(value = LocalAzureManagedIdentityResource.class, initArgs = {
        @ResourceArg(name = LocalAzureManagedIdentityResource.IDENTITY, value = "down"),
        @ResourceArg(name = LocalAzureManagedIdentityResource.TOKEN_LIFETIME,
                value = IdentityOutageIT.LIFETIME_SECONDS + "s")})
class IdentityOutageIT {

    static final long LIFETIME_SECONDS = 330;
    private static final String STORAGE = "https://storage.azure.com";
    private static final String VAULT = "https://vault.azure.net";
    /** azure-core's AccessTokenCache asks for a new token this long before the cached one expires. */
    private static final Duration SDK_REFRESH_OFFSET = Duration.ofMinutes(5);

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void identityOutagesAtStartWhileValidAndDuringRefresh() {
        downAtStartThenBack();
        downWhileTokensAreValid();
        Instant refreshed = refreshedAheadOfExpiry();
        downDuringTheRefreshWindow(refreshed);
        assertEquals(0, localAzure.stubs().findAll(anyRequestedFor(urlPathMatching("/(imds|metadata).*"))).size(),
                "no IMDS lookup, whatever the endpoint did");
    }

    /** No token can be had: 503 key-unavailable (the key cannot be read), no code queued; back without a restart. */
    private void downAtStartThenBack() {
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            Problems.getCodeFails(503, "key-unavailable").header("Retry-After", Problems.UNTIL_NEXT_READ);
            report("down at start: 503 key-unavailable in " + millisSince(start) + " ms");
        }
        assertTrue(localAzure.peekMessages().isEmpty(), "no code queued");
        assertFalse(IdentityFaults.failed(localAzure, VAULT).isEmpty(), "the service asked the endpoint");
        assertTrue(IdentityFaults.issued(localAzure, VAULT).isEmpty(), "and got no token");

        IdentityFaults.restore(localAzure);
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> getCodeSucceeds());
        report("endpoint back: first code after " + millisSince(back) + " ms");
        assertEquals(1, IdentityFaults.issued(localAzure, VAULT).size(), "one vault token");
        assertFalse(IdentityFaults.issued(localAzure, STORAGE).isEmpty(), "a storage token");
    }

    /** Valid tokens in memory: the endpoint's outage changes nothing and is not even noticed. */
    private void downWhileTokensAreValid() {
        int requestsBefore = IdentityFaults.requests(localAzure);
        IdentityFaults.fail(localAzure, Kind.STATUS_503);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            getCodeSucceeds();
        }
        report("down while tokens valid: 20 codes in " + millisSince(start) + " ms");
        assertEquals(requestsBefore, IdentityFaults.requests(localAzure), "no token request while tokens are valid");
        IdentityFaults.restore(localAzure);
    }

    /**
     * Requests keep coming while the storage token enters azure-core's refresh window: a new one is fetched
     * before the old one expires, and no request fails. Returns when the new token was issued.
     */
    private Instant refreshedAheadOfExpiry() {
        List<Instant> before = IdentityFaults.issued(localAzure, STORAGE);
        Instant oldExpiry = before.get(before.size() - 1).plusSeconds(LIFETIME_SECONDS);
        List<Integer> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(LIFETIME_SECONDS)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    statuses.add(given().when().get("/api/v1/getcode").then().extract().statusCode());
                    return IdentityFaults.issued(localAzure, STORAGE).size() > before.size();
                });
        List<Instant> after = IdentityFaults.issued(localAzure, STORAGE);
        Instant refreshed = after.get(after.size() - 1);
        report("refresh: new storage token " + Duration.between(refreshed, oldExpiry).toSeconds()
                + " s before the old one expired; " + statuses.size() + " requests meanwhile");
        assertTrue(refreshed.isBefore(oldExpiry), "refreshed before the old token expired");
        assertEquals(List.of(), statuses.stream().filter(s -> s != 200).toList(), "no request failed");
        return refreshed;
    }

    /**
     * The endpoint fails (500) once the new token is in its refresh window: the SDK's refresh attempts fail, the
     * still valid token is used, no request fails; back up, the next attempt gets a new token.
     */
    private void downDuringTheRefreshWindow(Instant issued) {
        IdentityFaults.fail(localAzure, Kind.STATUS_500);
        Instant window = issued.plusSeconds(LIFETIME_SECONDS).minus(SDK_REFRESH_OFFSET);
        List<Integer> statuses = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        await().atMost(Duration.ofSeconds(LIFETIME_SECONDS)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    long start = System.nanoTime();
                    statuses.add(given().when().get("/api/v1/getcode").then().extract().statusCode());
                    latencies.add(millisSince(start));
                    return IdentityFaults.failed(localAzure, STORAGE).stream().anyMatch(t -> t.isAfter(window));
                });
        // A few more while the endpoint stays down: the cached token serves them.
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            statuses.add(given().when().get("/api/v1/getcode").then().extract().statusCode());
            latencies.add(millisSince(start));
        }
        report("down in the refresh window: " + statuses.size() + " requests, slowest "
                + latencies.stream().mapToLong(Long::longValue).max().orElse(0) + " ms, statuses "
                + statuses.stream().distinct().toList());
        assertEquals(List.of(), statuses.stream().filter(s -> s != 200).toList(), "no request failed");

        int issuedBefore = IdentityFaults.issued(localAzure, STORAGE).size();
        IdentityFaults.restore(localAzure);
        List<Integer> afterRestore = new ArrayList<>();
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    afterRestore.add(given().when().get("/api/v1/getcode").then().extract().statusCode());
                    return IdentityFaults.issued(localAzure, STORAGE).size() > issuedBefore;
                });
        report("endpoint back in the refresh window: new storage token after " + millisSince(back) + " ms, "
                + afterRestore.size() + " requests meanwhile");
        assertEquals(List.of(), afterRestore.stream().filter(s -> s != 200).toList(), "no request failed");
    }

    private static void getCodeSucceeds() {
        given().when().get("/api/v1/getcode").then().statusCode(200).body("code", matchesPattern(CodeShape.CODE));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void report(String line) {
        System.out.println("IdentityOutageIT: " + line);
    }
}
