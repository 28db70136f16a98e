package dev.integratedauth.localazure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local Azure listens, and the service configuration that points at it. Pure values: this class starts
 * nothing and needs none of the stubs' libraries, so configuration can use it before anything runs.
 *
 * @param http WireMock over HTTP: the managed-identity endpoint (plain HTTP on the host, as on Container Apps)
 * @param https WireMock over HTTPS: Entra, Key Vault, the RandomNumber API
 * @param queue Azurite's queue service over HTTPS
 * @param table Azurite's table service over HTTPS
 */
public record LocalAzureEndpoints(int http, int https, int queue, int table) {

    public static final String QUEUE_NAME = "code-requests";
    /** Where the consumer moves messages that are not codes. */
    public static final String POISON_QUEUE_NAME = QUEUE_NAME + "-poison";
    /** The codes' table (table names are letters and digits only). */
    public static final String TABLE_NAME = "codes";
    public static final String SECRET_NAME = "third-party-api-key";
    /** Azurite's account; its shared key is the public development key. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String TLS_CONFIGURATION = "local-azure";
    static final String MANAGED_IDENTITY_PATH = "/msi/token";
    static final String RANDOM_NUMBER_PATH = "/api/RandomNumber";

    /** The service principal and managed identity the local Entra knows. Not secrets: they open only 127.0.0.1. */
    public static final String TENANT_ID = "00000000-0000-4000-8000-00000000a2e0";
    public static final String CLIENT_ID = "00000000-0000-4000-8000-0000000c11e0";
    public static final String CLIENT_SECRET = "local-azure-client-secret";
    public static final String MANAGED_IDENTITY_HEADER = "local-azure-identity-header";

    /** The service's own app registration: its client id is the audience of its callers' (v2) tokens. */
    public static final String API_CLIENT_ID = "00000000-0000-4000-8000-00000000a910";
    public static final String API_APP_ID_URI = "api://integrated-auth";
    /** A caller app granted both of the API's roles, as deploy/ grants the smoke test's caller. */
    public static final String CALLER_CLIENT_ID = "00000000-0000-4000-8000-0000000ca11e";
    public static final String CALLER_CLIENT_SECRET = "local-azure-caller-secret";
    /** The object id ({@code oid}) of that caller's service principal: what budgets key on. */
    public static final String CALLER_OBJECT_ID = "00000000-0000-4000-8000-000000ca11e0";

    /** Dev mode's ports; tests and the benchmark use others, so they can run beside it. */
    public static final LocalAzureEndpoints DEV = new LocalAzureEndpoints(18180, 18543, 18544, 18545);

    public LocalAzureEndpoints {
        for (int port : new int[] {http, https, queue, table}) {
            if (port < 18000 || port > 18999) {
                throw new IllegalArgumentException("Local Azure ports stay in 18000-18999, not " + port);
            }
        }
    }

    public String keyVaultUrl() {
        return "https://127.0.0.1:" + https;
    }

    /** The full RandomNumber URL, as {@code THIRD_PARTY_API_ENDPOINT} would be. */
    public String thirdPartyApiUrl() {
        return "https://127.0.0.1:" + https + RANDOM_NUMBER_PATH;
    }

    /** As {@code STORAGE_QUEUE_URL}: IP-style, so the account is the first path segment. */
    public String queueUrl() {
        return "https://127.0.0.1:" + queue + "/" + ACCOUNT + "/" + QUEUE_NAME;
    }

    /** As {@code STORAGE_TABLE_URL}: the account's table endpoint and the table's name. */
    public String tableUrl() {
        return "https://127.0.0.1:" + table + "/" + ACCOUNT + "/" + TABLE_NAME;
    }

    /** The poison queue next to {@link #queueUrl()}. */
    public String poisonQueueUrl() {
        return queueUrl() + "-poison";
    }

    /** The Entra authority host ({@code AZURE_AUTHORITY_HOST}) of the service principal flow. */
    public String authorityHost() {
        return "https://127.0.0.1:" + https;
    }

    /** As Container Apps sets {@code IDENTITY_ENDPOINT}. */
    public String managedIdentityEndpoint() {
        return "http://127.0.0.1:" + http + MANAGED_IDENTITY_PATH;
    }

    /** Where an IMDS lookup should land instead of the link-local IMDS address ({@code AZURE_POD_IDENTITY_AUTHORITY_HOST}). */
    public String imdsCatcher() {
        return "http://127.0.0.1:" + http + "/imds";
    }

    /**
     * The service's configuration for the local Azure: its endpoints; trust of the local certificate for the Azure SDK
     * and the REST client only (a named TLS configuration, never the JVM's trust store); and DefaultAzureCredential
     * narrowed to the local service principal, so no token request can leave the machine.
     */
    public Map<String, String> serviceConfig(LocalTls tls) {
        Map<String, String> config = endpointsConfig(tls);
        config.put("app.azure.credential.authority-host", authorityHost());
        config.put("app.azure.credential.tenant-id", TENANT_ID);
        config.put("app.azure.credential.client-id", CLIENT_ID);
        config.put("app.azure.credential.client-secret", CLIENT_SECRET);
        config.put("app.azure.credential.token-credentials", "EnvironmentCredential");
        config.put("app.azure.credential.disable-instance-discovery", "true");
        return config;
    }

    /**
     * As {@link #serviceConfig}, but authenticating as on Container Apps: DefaultAzureCredential narrowed to managed
     * identity, which finds the endpoint in the process environment ({@code IDENTITY_ENDPOINT} =
     * {@link #managedIdentityEndpoint()}, {@code IDENTITY_HEADER} = {@value #MANAGED_IDENTITY_HEADER}); MSAL reads only
     * the real environment, so whoever starts the process sets those two.
     */
    public Map<String, String> serviceConfigForManagedIdentity(LocalTls tls) {
        Map<String, String> config = endpointsConfig(tls);
        config.put("app.azure.credential.token-credentials", "ManagedIdentityCredential");
        return config;
    }

    private Map<String, String> endpointsConfig(LocalTls tls) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("app.azure.key-vault.url", keyVaultUrl());
        config.put("app.third-party.key.secret-name", SECRET_NAME);
        config.put("app.azure.key-vault.disable-challenge-resource-verification", "true");
        config.put("app.azure.queue.url", queueUrl());
        config.put("app.azure.table.url", tableUrl());
        config.put("app.third-party.endpoint", thirdPartyApiUrl());
        config.put("app.auth.tenant-id", TENANT_ID);
        config.put("app.auth.client-id", API_CLIENT_ID);
        config.put("app.auth.app-id-uri", API_APP_ID_URI);
        config.put("app.auth.authority-host", authorityHost());
        config.put("app.auth.tls-configuration-name", TLS_CONFIGURATION);
        config.put("app.azure.tls-configuration-name", TLS_CONFIGURATION);
        // Azurite closes connections idle for 5 s; the SDK's client must let them go first.
        config.put("app.azure.http.keep-alive-timeout", "3s");
        config.put("quarkus.rest-client.random-number.tls-configuration-name", TLS_CONFIGURATION);
        config.put("quarkus.tls." + TLS_CONFIGURATION + ".trust-store.pem.certs", tls.certificate().toString());
        return config;
    }
}
