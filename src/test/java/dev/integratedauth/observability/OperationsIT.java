package dev.integratedauth.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.testing.LaunchedApp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operators and people see of the packaged app (the JVM jar, or the native executable with -Dnative, where
 * resources, metrics and logging are built differently): the home page, the health probes, the metrics, the API
 * description, the request id, and a console log of one JSON object per line.
 */
class OperationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void homePageProbesMetricsApiDescriptionRequestIdsAndJsonLogs() throws Exception {
        try (LaunchedApp app = LaunchedApp.start("operations", Map.of())) {
            HttpResponse<String> home = app.get("/");
            assertEquals(200, home.statusCode());
            assertTrue(home.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), home.headers()
                    .toString());
            assertTrue(home.body().contains("id=\"get-code\""), "the home page's button");

            for (String probe : List.of("/q/health/live", "/q/health/ready", "/q/health/started")) {
                HttpResponse<String> health = app.get(probe);
                assertEquals(200, health.statusCode(), probe + ": " + health.body());
                assertEquals("UP", JSON.readTree(health.body()).path("status").asText(), probe);
            }

            HttpResponse<String> code = send(app, "/api/v1/getcode", "ops-check-1");
            assertEquals(200, code.statusCode(), code.body());
            assertEquals("ops-check-1", code.headers().firstValue("X-Request-Id").orElse(null),
                    "a safe caller id is echoed");

            String metrics = app.get("/q/metrics").body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("codes_issued_total") && !l.endsWith(" 0.0")),
                    "the code is counted:\n" + metrics.lines().filter(l -> l.startsWith("codes_")).toList());
            assertTrue(metrics.contains("http_server_requests_seconds_count"), "HTTP server metrics");

            JsonNode openApi = JSON.readTree(app.get("/q/openapi?format=json").body());
            assertEquals("getCode", openApi.path("paths").path("/api/v1/getcode").path("get").path("operationId")
                    .asText());

            List<String> lines = app.output().lines().filter(l -> !l.isBlank()).toList();
            assertTrue(lines.size() > 5, "the app logged its start:\n" + app.output());
            for (String line : lines) {
                JsonNode entry = JSON.readTree(line);
                assertTrue(entry.isObject() && entry.hasNonNull("level") && entry.hasNonNull("message"),
                        "one JSON object per line: " + line);
            }
        }
    }

    private static HttpResponse<String> send(LaunchedApp app, String path, String requestId)
            throws IOException, InterruptedException {
        URI uri = app.uri(path);
        return CLIENT.send(HttpRequest.newBuilder(uri).header("X-Request-Id", requestId)
                .header("Authorization", app.authorization())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
