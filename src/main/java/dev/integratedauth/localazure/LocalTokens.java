package dev.integratedauth.localazure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access tokens as Entra ID issues them, as far as Key Vault's and Azurite's checks go: JWTs with the resource as
 * audience and an {@code sts.windows.net} issuer. Signed with HS256 and a key made at start, so the local Key Vault can
 * tell its own tokens from anything else.
 */
final class LocalTokens {

    static final String VAULT_AUDIENCE = "https://vault.azure.net";
    static final String STORAGE_AUDIENCE = "https://storage.azure.com";
    static final long LIFETIME_SECONDS = 3600;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final ObjectMapper json = new ObjectMapper();
    private final String tenantId;
    private final SecretKeySpec signingKey;
    /** Every token minted, so the tests can look for these exact values in the logs. */
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    /** Entra's usual hour; tests of token refresh make it short. */
    private volatile long lifetimeSeconds = LIFETIME_SECONDS;

    LocalTokens(String tenantId) {
        this.tenantId = tenantId;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.signingKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** How long tokens minted from now on are valid. */
    void setLifetimeSeconds(long seconds) {
        lifetimeSeconds = seconds;
    }

    long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /** A token for {@code audience} (e.g. {@code https://vault.azure.net}) issued to {@code clientId}. */
    String mint(String audience, String clientId) {
        return mint(audience, clientId, Instant.now().getEpochSecond() + lifetimeSeconds);
    }

    /** A token for {@code audience} that expires at {@code expiresAt} (epoch seconds). */
    String mint(String audience, String clientId, long expiresAt) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", audience);
        claims.put("iss", "https://sts.windows.net/" + tenantId + "/");
        claims.put("iat", now - 60);
        claims.put("nbf", now - 60);
        claims.put("exp", expiresAt);
        claims.put("tid", tenantId);
        claims.put("appid", clientId);
        claims.put("oid", clientId);
        claims.put("sub", clientId);
        try {
            String unsigned = HEADER + "." + B64.encodeToString(json.writeValueAsBytes(claims));
            String token = unsigned + "." + B64.encodeToString(sign(unsigned));
            issued.add(token);
            return token;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every token minted so far. */
    List<String> issued() {
        return List.copyOf(issued);
    }

    /** Whether {@code token} was minted here, for {@code audience}, and is not expired. */
    boolean isValid(String token, String audience) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, B64_DECODER.decode(parts[2]))) {
                return false;
            }
            JsonNode claims = json.readTree(B64_DECODER.decode(parts[1]));
            long now = Instant.now().getEpochSecond();
            return audience.equals(claims.path("aud").asText())
                    && claims.path("nbf").asLong() <= now
                    && now < claims.path("exp").asLong();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return false;
        }
    }

    private byte[] sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            return mac.doFinal(content.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
