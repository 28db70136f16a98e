package dev.integratedauth.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.integratedauth.localazure.LocalAzure;
import dev.integratedauth.testing.LocalAzureTestResource;
import dev.integratedauth.testing.LocalAzureTestResource.InjectLocalAzure;
import dev.integratedauth.testing.Prometheus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /q/metrics} after a few requests: names, labels and counts; no secret and no code anywhere. */
@QuarkusTest
@WithTestResource(LocalAzureTestResource.class)
class MetricsTest {

    private static final String[] KINDS = {"third_party_api", "key_vault", "queue", "deadline", "unexpected"};

    @InjectLocalAzure
    LocalAzure localAzure;

    @Test
    void countsAndTimesCodesFailuresAndEachDependency() {
        String before = Prometheus.scrape();

        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            codes.add(given().get("/api/v1/getcode").then().statusCode(200).extract().path("code"));
        }
        StubMapping failing = localAzure.stubs().stubFor(any(urlPathEqualTo("/api/RandomNumber"))
                .atPriority(LocalAzure.DEFAULT_STUB_PRIORITY - 5)
                .willReturn(aResponse().withStatus(500)));
        try {
            given().get("/api/v1/getcode").then().statusCode(502);
        } finally {
            localAzure.stubs().removeStub(failing);
        }

        String after = Prometheus.scrape();
        assertEquals(3, delta(before, after, "codes_issued_total", Map.of()));
        assertEquals(1, delta(before, after, "codes_failed_total", Map.of("kind", "third_party_api")));
        for (String kind : KINDS) {
            assertTrue(Prometheus.value(after, "codes_failed_total", Map.of("kind", kind)).isPresent(),
                    "every failure kind is exported from the start: " + kind);
        }
        assertEquals(3, delta(before, after, "codes_request_seconds_count", Map.of("outcome", "issued")));
        assertEquals(1, delta(before, after, "codes_request_seconds_count", Map.of("outcome", "third_party_api")));
        assertTrue(Prometheus.value(after, "codes_request_seconds_bucket", Map.of("outcome", "issued", "le", "10.0"))
                .isPresent(), "the request timer has buckets for quantiles");

        assertEquals(3, delta(before, after, "third_party_api_call_seconds_count", Map.of("outcome", "success")));
        assertTrue(delta(before, after, "third_party_api_call_seconds_count", Map.of("outcome", "http_5xx")) >= 1,
                "each failed try is timed");
        assertEquals(3, delta(before, after, "queue_send_seconds_count", Map.of("outcome", "success")));
        assertTrue(Prometheus.value(after, "key_vault_reads_total", Map.of("outcome", "success")).orElse(0) >= 1);
        assertTrue(Prometheus.value(after, "key_vault_read_seconds_count", Map.of("outcome", "success")).isPresent());
        assertTrue(Prometheus.value(after, "third_party_api_key_refreshes_total", Map.of("rotated", "true"))
                .isPresent(), "the refresh counter exists before any refresh");
        // The extension's own HTTP server timings, with the route template as the uri.
        assertTrue(Prometheus.value(after, "http_server_requests_seconds_count",
                Map.of("uri", "/api/v1/getcode", "status", "200")).isPresent());

        for (String code : codes) {
            assertFalse(after.contains(code), "no code value in the metrics: " + code);
        }
        assertFalse(after.contains(LocalAzureTestResource.THIRD_PARTY_KEY), "no key in the metrics");
        assertFalse(after.contains("Bearer"), "no token in the metrics");
    }

    private static double delta(String before, String after, String name, Map<String, String> labels) {
        return Prometheus.valueOrZero(after, name, labels) - Prometheus.valueOrZero(before, name, labels);
    }
}
