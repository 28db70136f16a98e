package dev.integratedauth.localazure;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * Key Vault's secrets API as the SDK meets it: {@code GET /secrets/{name}[/{version}]} without credentials gets the 401
 * challenge that names the tenant and the vault resource; with a bearer token for {@code https://vault.azure.net}
 * minted by the local Entra it gets the secret. Holds one secret.
 */
final class KeyVaultStub extends LocalStub {

    static final String NAME = "local-key-vault";

    private final ObjectMapper json = new ObjectMapper();
    private final LocalTokens tokens;
    private final String challenge;
    private final String vaultUrl;
    private final String secretName;
    private final AtomicReference<Secret> secret;
    private final AtomicInteger reads = new AtomicInteger();
    private volatile int latencyMillis;

    private record Secret(String value, String version) {
        @Override
        public String toString() {
            return "Secret[" + version + "]";
        }
    }

    KeyVaultStub(LocalTokens tokens, String tenantId, String vaultUrl, String secretName, String value) {
        super(NAME);
        this.tokens = tokens;
        this.challenge = "Bearer authorization=\"https://login.microsoftonline.com/" + tenantId
                + "\", resource=\"" + LocalTokens.VAULT_AUDIENCE + "\"";
        this.vaultUrl = vaultUrl;
        this.secretName = secretName;
        this.secret = new AtomicReference<>(new Secret(value, newVersion()));
    }

    String value() {
        return secret.get().value();
    }

    void setSecret(String value) {
        secret.set(new Secret(value, newVersion()));
    }

    /** Answers secret reads this much later: a slow vault. */
    void setLatency(java.time.Duration latency) {
        latencyMillis = (int) latency.toMillis();
    }

    /** Successful secret reads served so far. */
    int reads() {
        return reads.get();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        }
        if (!authorization.startsWith("Bearer ")
                || !tokens.isValid(authorization.substring("Bearer ".length()), LocalTokens.VAULT_AUDIENCE)) {
            return error(401, "Unauthorized", "AKV10022: Invalid audience, issuer or signature.");
        }
        String[] path = request.getUrl().split("\\?")[0].split("/");
        // "", "secrets", name[, version]
        if (path.length < 3 || !secretName.equals(path[2])) {
            return error(404, "SecretNotFound", "A secret with (name/id) " + (path.length > 2 ? path[2] : "")
                    + " was not found in this key vault.");
        }
        Secret current = secret.get();
        reads.incrementAndGet();
        long now = Instant.now().getEpochSecond();
        ObjectNode body = json.createObjectNode()
                .put("value", current.value())
                .put("id", vaultUrl + "/secrets/" + secretName + "/" + current.version());
        body.putObject("attributes").put("enabled", true).put("created", now).put("updated", now)
                .put("recoveryLevel", "Recoverable+Purgeable");
        return response(200, body, null, latencyMillis);
    }

    private ResponseDefinition error(int status, String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return response(status, body, status == 401 ? challenge : null, 0);
    }

    private ResponseDefinition response(int status, ObjectNode body, String authenticate, int delayMillis) {
        try {
            var response = aResponse().withStatus(status).withFixedDelay(delayMillis)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(json.writeValueAsString(body));
            return (authenticate == null ? response : response.withHeader("WWW-Authenticate", authenticate)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newVersion() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }
}
