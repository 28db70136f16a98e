package dev.integratedauth.localazure;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.testing.LocalAzureTestResource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local Azure speaks the protocols the real SDK and a curl user expect, checked from outside with a plain
 * HTTPS client that trusts only the local certificate. Own ports, so it runs beside everything else.
 */
class LocalAzureContractTest {

    private static final String KEY = "contract-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalAzure localAzure;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        localAzure = LocalAzure.start(LocalAzure.Settings.inProject(LocalAzureTestResource.ports(
                System.getProperty("local-azure.contract-ports", "18380,18343,18344,18345")), KEY, true));
        client = HttpClient.newBuilder().sslContext(localAzure.tls().trustingContext()).build();
    }

    @AfterAll
    static void stop() {
        localAzure.close();
    }

    @Test
    void randomNumberTakesTheKeyInTheHeaderOrAsCodeAndAnswersOneToAThousand() throws Exception {
        String api = localAzure.endpoints().thirdPartyApiUrl();
        for (HttpRequest request : new HttpRequest[] {
                HttpRequest.newBuilder(URI.create(api)).header("x-functions-key", KEY).build(),
                HttpRequest.newBuilder(URI.create(api + "?code=" + KEY)).build()}) {
            HttpResponse<String> answer = send(request);
            assertEquals(200, answer.statusCode());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                    "labelled text/plain like the Functions host");
            int value = JSON.readTree(answer.body()).get("value").asInt();
            assertTrue(value >= 1 && value <= 1000, "value " + value);
        }
    }

    @Test
    void randomNumberRefusesAMissingOrWrongKey() throws Exception {
        String api = localAzure.endpoints().thirdPartyApiUrl();
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(api)).build()).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(api)).header("x-functions-key", "nope").build())
                .statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(api + "?code=nope")).build()).statusCode());
    }

    @Test
    void theServicePrincipalGetsTokensForTheAudienceItAsksFor() throws Exception {
        String vaultToken = servicePrincipalToken("https://vault.azure.net/.default", LocalAzureEndpoints.CLIENT_SECRET);
        JsonNode claims = claims(vaultToken);
        assertEquals("https://vault.azure.net", claims.get("aud").asText());
        assertTrue(claims.get("iss").asText().startsWith("https://sts.windows.net/"));
        assertEquals("https://storage.azure.com",
                claims(servicePrincipalToken("https://storage.azure.com/.default openid", LocalAzureEndpoints.CLIENT_SECRET))
                        .get("aud").asText());
    }

    @Test
    void aWrongClientSecretGetsNoToken() throws Exception {
        HttpResponse<String> answer = tokenRequest("https://vault.azure.net/.default", "wrong");
        assertEquals(401, answer.statusCode());
        assertTrue(answer.body().contains("invalid_client"));
    }

    @Test
    void theManagedIdentityEndpointWantsItsHeader() throws Exception {
        URI uri = URI.create(localAzure.endpoints().managedIdentityEndpoint()
                + "?api-version=2019-08-01&resource=https%3A%2F%2Fstorage.azure.com");
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri)
                .header("X-IDENTITY-HEADER", LocalAzureEndpoints.MANAGED_IDENTITY_HEADER).build());
        assertEquals(200, answer.statusCode());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("https://storage.azure.com", claims(body.get("access_token").asText()).get("aud").asText());
        assertTrue(Long.parseLong(body.get("expires_on").asText()) > System.currentTimeMillis() / 1000);
        assertEquals(401, send(HttpRequest.newBuilder(uri).build()).statusCode());
    }

    @Test
    void keyVaultChallengesThenServesTheSecretForAVaultToken() throws Exception {
        URI secret = URI.create(localAzure.endpoints().keyVaultUrl() + "/secrets/" + LocalAzureEndpoints.SECRET_NAME
                + "/?api-version=2025-07-01");
        HttpResponse<String> challenge = send(HttpRequest.newBuilder(secret).build());
        assertEquals(401, challenge.statusCode());
        String authenticate = challenge.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(authenticate.contains("resource=\"https://vault.azure.net\""), authenticate);
        assertTrue(authenticate.contains(LocalAzureEndpoints.TENANT_ID), authenticate);

        String storageToken = servicePrincipalToken("https://storage.azure.com/.default", LocalAzureEndpoints.CLIENT_SECRET);
        assertEquals(401, send(HttpRequest.newBuilder(secret).header("Authorization", "Bearer " + storageToken).build())
                .statusCode(), "a token for another audience is refused");

        int reads = localAzure.keyVaultSecretReads();
        String vaultToken = servicePrincipalToken("https://vault.azure.net/.default", LocalAzureEndpoints.CLIENT_SECRET);
        HttpResponse<String> read = send(HttpRequest.newBuilder(secret).header("Authorization", "Bearer " + vaultToken)
                .build());
        assertEquals(200, read.statusCode());
        assertEquals(KEY, JSON.readTree(read.body()).get("value").asText());
        assertEquals(reads + 1, localAzure.keyVaultSecretReads());
    }

    @Test
    void azuriteHasTheQueueAndRefusesAnonymousRequests() throws Exception {
        URI messages = URI.create(localAzure.endpoints().queueUrl() + "/messages");
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(messages)
                .header("x-ms-version", "2021-12-02")
                .POST(HttpRequest.BodyPublishers.ofString("<QueueMessage><MessageText>x</MessageText></QueueMessage>"))
                .build());
        assertTrue(anonymous.statusCode() == 401 || anonymous.statusCode() == 403, "anonymous: " + anonymous.statusCode());

        String token = servicePrincipalToken("https://storage.azure.com/.default", LocalAzureEndpoints.CLIENT_SECRET);
        localAzure.clearQueue();
        HttpResponse<String> sent = send(HttpRequest.newBuilder(messages)
                .header("x-ms-version", "2021-12-02")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "<QueueMessage><MessageText>{\"code\":\"abc-1-XYZ\"}</MessageText></QueueMessage>"))
                .build());
        assertEquals(201, sent.statusCode(), sent.body());
        assertEquals(java.util.List.of("{\"code\":\"abc-1-XYZ\"}"), localAzure.peekMessages());
    }

    @Test
    void imdsLookupsFailLoudlyHere() throws Exception {
        assertEquals(500, send(HttpRequest.newBuilder(URI.create(localAzure.endpoints().imdsCatcher()
                + "/metadata/identity/oauth2/token")).build()).statusCode());
    }

    private static String servicePrincipalToken(String scope, String secret) throws Exception {
        HttpResponse<String> answer = tokenRequest(scope, secret);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).get("access_token").asText();
    }

    private static HttpResponse<String> tokenRequest(String scope, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + LocalAzureEndpoints.CLIENT_ID
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(localAzure.endpoints().authorityHost() + "/"
                + LocalAzureEndpoints.TENANT_ID + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
