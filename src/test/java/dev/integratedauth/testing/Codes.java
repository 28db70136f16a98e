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
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** Getting and verifying codes as a caller does. */
public final class Codes {

    public static final String VERIFY = "/api/v1/codes/verify";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Codes() {
    }

    /** A new code from getcode (200 asserted). */
    public static String issue() {
        return given().get("/api/v1/getcode").then().statusCode(200).extract().path("code");
    }

    public static ValidatableResponse verify(String code) {
        return given().contentType("application/json").body("{\"code\":\"" + code + "\"}")
                .post(VERIFY).then();
    }

    /** Whether verifying {@code code} now answers valid (200 asserted); uses the code up if it does. */
    public static boolean verifies(String code) {
        return verify(code).statusCode(200).extract().path("valid");
    }

    /** {@code count} verifications of {@code code} at once; their bodies once all have answered (all 200). */
    public static List<String> verifyConcurrently(String code, int count) {
        URI uri = URI.create("http://127.0.0.1:" + RestAssured.port + VERIFY);
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, count)
                .mapToObj(i -> CLIENT.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestCaller.authorization())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        return answers.stream().map(CompletableFuture::join).map(answer -> {
            if (answer.statusCode() != 200) {
                throw new AssertionError("HTTP " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body();
        }).toList();
    }
}
