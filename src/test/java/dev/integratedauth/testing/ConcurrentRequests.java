package dev.integratedauth.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.restassured.RestAssured;

/** Fires {@code count} requests at once at the service under test and waits for every answer. */
public final class ConcurrentRequests {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConcurrentRequests() {
    }

    public static List<HttpResponse<String>> get(String path, int count) {
        URI uri = URI.create("http://127.0.0.1:" + RestAssured.port + path);
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, count)
                .mapToObj(i -> CLIENT.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Authorization", TestCaller.authorization()).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }
}
