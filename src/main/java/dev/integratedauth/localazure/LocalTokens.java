package dev.integratedauth.localazure;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access tokens as Entra ID issues them: RS256 JWTs whose header names the signing key ({@code kid}), the key published
 * at the tenant's JWKS address. Two kinds:
 * <ul>
 * <li>tokens for Azure resources (Key Vault, Storage), v1 as Entra issues those: {@code sts.windows.net} issuer, the
 * resource as audience;</li>
 * <li>tokens for the service's own API, v2 as an app registration with {@code requestedAccessTokenVersion = 2} gets
 * them: the tenant's v2 issuer, the API's client id as audience, {@code roles}, {@code oid}, {@code azp}, {@code tid}
 * ({@link CallerToken}).</li>
 * </ul>
 * The key comes from the build's key store, so a token outlives a dev-mode reload; where the build made none, from
 * memory. {@link #rotate()} replaces it, as Entra rolls its keys.
 */
final class LocalTokens {

    static final String VAULT_AUDIENCE = "https://vault.azure.net";
    static final String STORAGE_AUDIENCE = "https://storage.azure.com";
    static final long LIFETIME_SECONDS = 3600;
    /** Below {@code <authority host>/<tenant>}: the OpenID configuration, and the signing keys it names. */
    static final String OPENID_CONFIGURATION = "/v2.0/.well-known/openid-configuration";
    static final String KEYS = "/discovery/v2.0/keys";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private record SigningKey(String kid, PrivateKey privateKey, RSAPublicKey publicKey) {
        @Override
        public String toString() {
            return "SigningKey[" + kid + "]";
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final String tenantId;
    private final String issuerV2;
    private final String authorityHost;
    private volatile SigningKey signingKey;
    /** Every token minted, so the tests can look for these exact values in the logs. */
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    /** Entra's usual hour; tests of token refresh make it short. */
    private volatile long lifetimeSeconds = LIFETIME_SECONDS;

    LocalTokens(String tenantId, String authorityHost, LocalTls tls) {
        this.tenantId = tenantId;
        this.issuerV2 = authorityHost + "/" + tenantId + "/v2.0";
        this.authorityHost = authorityHost;
        this.signingKey = load(tls).orElseGet(LocalTokens::generate);
    }

    /** How long tokens minted from now on are valid. */
    void setLifetimeSeconds(long seconds) {
        lifetimeSeconds = seconds;
    }

    long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    String tenantId() {
        return tenantId;
    }

    /** The issuer of v2 tokens, as the tenant's OpenID configuration says it. */
    String issuerV2() {
        return issuerV2;
    }

    /** A token for the Azure resource {@code audience} (e.g. {@code https://vault.azure.net}) issued to {@code clientId}. */
    String mint(String audience, String clientId) {
        return mint(audience, clientId, Instant.now().getEpochSecond() + lifetimeSeconds);
    }

    /** A token for the Azure resource {@code audience} that expires at {@code expiresAt} (epoch seconds). */
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
        return sign(claims);
    }

    /** {@code claims} as a JWT signed with the current key. */
    String sign(Map<String, Object> claims) {
        SigningKey key = signingKey;
        return sign(claims, "RS256", key.kid(), key.privateKey());
    }

    /** {@code claims} signed with {@code key} under the name {@code kid}; algorithm {@code none} leaves it unsigned. */
    String sign(Map<String, Object> claims, String algorithm, String kid, PrivateKey key) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", algorithm);
        if (kid != null) {
            header.put("kid", kid);
        }
        try {
            String unsigned = B64.encodeToString(json.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(json.writeValueAsBytes(claims));
            String token = unsigned + "." + ("none".equals(algorithm) ? "" : B64.encodeToString(rs256(unsigned, key)));
            issued.add(token);
            return token;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the key that signs now. */
    String currentKeyId() {
        return signingKey.kid();
    }

    /** A new signing key, which alone is published from now on: tokens signed with the old one no longer verify. */
    void rotate() {
        signingKey = generate();
    }

    /** The tenant's OpenID configuration, as Entra publishes it at {@link #OPENID_CONFIGURATION}. */
    String openIdConfiguration() {
        String tenant = authorityHost + "/" + tenantId;
        return "{\"token_endpoint\":\"" + tenant + "/oauth2/v2.0/token\","
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\",\"private_key_jwt\",\"client_secret_basic\"],"
                + "\"jwks_uri\":\"" + tenant + KEYS + "\","
                + "\"response_modes_supported\":[\"query\",\"fragment\",\"form_post\"],"
                + "\"subject_types_supported\":[\"pairwise\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"response_types_supported\":[\"code\",\"id_token\",\"code id_token\",\"id_token token\"],"
                + "\"scopes_supported\":[\"openid\",\"profile\",\"email\",\"offline_access\"],"
                + "\"issuer\":\"" + issuerV2 + "\","
                + "\"authorization_endpoint\":\"" + tenant + "/oauth2/v2.0/authorize\","
                + "\"tenant_region_scope\":null,\"cloud_instance_name\":\"microsoftonline.com\"}";
    }

    /** The tenant's JSON Web Key Set: the signing key's public half, as Entra publishes it. */
    String jwks() {
        SigningKey key = signingKey;
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("kid", key.kid());
        jwk.put("n", B64.encodeToString(unsigned(key.publicKey().getModulus())));
        jwk.put("e", B64.encodeToString(unsigned(key.publicKey().getPublicExponent())));
        jwk.put("issuer", issuerV2);
        try {
            return json.writeValueAsString(Map.of("keys", List.of(jwk)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every token minted so far. */
    List<String> issued() {
        return List.copyOf(issued);
    }

    /** Whether {@code token} was signed with the current key, is for {@code audience}, and is not expired. */
    boolean isValid(String token, String audience) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(signingKey.publicKey());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(B64_DECODER.decode(parts[2]))) {
                return false;
            }
            JsonNode claims = json.readTree(B64_DECODER.decode(parts[1]));
            long now = Instant.now().getEpochSecond();
            return audience.equals(claims.path("aud").asText())
                    && claims.path("nbf").asLong() <= now
                    && now < claims.path("exp").asLong();
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            return false;
        }
    }

    /** A key no one publishes: what a forger signs with. */
    static PrivateKey strangerKey() {
        return generate().privateKey();
    }

    private static byte[] rs256(String content, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(content.getBytes(StandardCharsets.US_ASCII));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<SigningKey> load(LocalTls tls) {
        Path file = tls.signingKeyStore();
        if (file == null || !Files.isReadable(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, tls.password().toCharArray());
            String alias = store.aliases().nextElement();
            PrivateKey privateKey = (PrivateKey) store.getKey(alias, tls.password().toCharArray());
            RSAPublicKey publicKey = (RSAPublicKey) store.getCertificate(alias).getPublicKey();
            return Optional.of(new SigningKey(keyId(publicKey), privateKey, publicKey));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the local Entra's signing key " + file, e);
        }
    }

    private static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            return new SigningKey(keyId(publicKey), pair.getPrivate(), publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Entra's key ids are opaque strings; here, the start of the modulus' SHA-256 (stable for a stored key). */
    private static String keyId(RSAPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getModulus().toByteArray());
            return B64.encodeToString(digest).substring(0, 27);
        } catch (GeneralSecurityException e) {
            return UUID.randomUUID().toString();
        }
    }

    /** A JWK's big-endian integer without the sign byte BigInteger adds. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
