package dev.integratedauth.localazure;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Azure on 127.0.0.1, for dev mode, the tests and the benchmark: everything the service talks to, speaking the real
 * protocols so that the real SDK clients and credential chain run unchanged.
 * <ul>
 * <li>Entra ID: a service principal's token endpoint, the managed-identity endpoint, and the tenant's OpenID
 * configuration and signing keys for the service's own callers ({@link EntraStub});</li>
 * <li>Key Vault with the one secret, behind the real 401 challenge ({@link KeyVaultStub});</li>
 * <li>the RandomNumber API with function-key auth ({@link RandomNumberStub});</li>
 * <li>Queue Storage: Azurite with the queues {@code code-requests} and {@code code-requests-poison} created
 * ({@link Azurite});</li>
 * <li>Table Storage: Azurite's table service with the table {@code codes} created.</li>
 * </ul>
 * The stubs are one WireMock server (HTTP and HTTPS ports); tests add fault stubs to it through {@link #stubs()}.
 */
public final class LocalAzure implements AutoCloseable {

    public static final String DEMO_THIRD_PARTY_KEY = "local-demo-function-key";
    /** Stubs added by tests win over these. */
    public static final int DEFAULT_STUB_PRIORITY = 10;


    /**
     * @param tls certificate and key of all HTTPS endpoints
     * @param azuriteHome where Azurite is installed (kept across builds)
     * @param azuritePackage the folder with the pinned package.json and package-lock.json
     * @param thirdPartyKey the secret in Key Vault and the key the RandomNumber API accepts
     * @param recordRequests keep a journal of stub requests (tests read it); off for long runs
     */
    public record Settings(LocalAzureEndpoints endpoints, LocalTls tls, Path azuriteHome, Path azuritePackage, String thirdPartyKey,
            boolean recordRequests) {

        /** The project's usual places, relative to the project folder (dev mode's and the tests' working dir). */
        public static Settings inProject(LocalAzureEndpoints endpoints, String thirdPartyKey,
                boolean recordRequests) {
            return new Settings(endpoints, LocalTls.in(LocalTls.PROJECT_DIRECTORY), Path.of(".local-azure/azurite"),
                    Path.of("src/local-azure/azurite"), thirdPartyKey, recordRequests);
        }

        @Override
        public String toString() {
            return "Settings[" + endpoints + "]";
        }
    }

    private final Settings settings;
    private final LocalTokens tokens;
    private final KeyVaultStub keyVault;
    private final RandomNumberStub randomNumber;
    private final EntraStub entra;
    private final WireMockServer stubs;
    private final ObjectMapper json = new ObjectMapper();
    private final Azurite azurite;
    private volatile Azurite tables;
    private final HttpClient adminClient;

    private LocalAzure(Settings settings) {
        this.settings = settings;
        LocalTls tls = settings.tls().requirePresent();
        this.tokens = new LocalTokens(LocalAzureEndpoints.TENANT_ID, settings.endpoints().authorityHost(), tls);
        this.keyVault = new KeyVaultStub(tokens, LocalAzureEndpoints.TENANT_ID, endpoints().keyVaultUrl(),
                LocalAzureEndpoints.SECRET_NAME,
                settings.thirdPartyKey());
        this.randomNumber = new RandomNumberStub(settings.thirdPartyKey());
        this.entra = new EntraStub(tokens);
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .port(settings.endpoints().http())
                .httpsPort(settings.endpoints().https())
                .keystorePath(tls.keyStore().toAbsolutePath().toString())
                .keystoreType("PKCS12")
                .keystorePassword(tls.password())
                .keyManagerPassword(tls.password())
                .extensions(entra, keyVault, randomNumber)
                // A delayed answer (a hanging dependency) waits on a timer, not on one of Jetty's few threads, so that
                // hung requests do not hold up the stubs' other answers once the hang is over.
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(8)
                // With Content-Length, as Azure answers: the SDK's HTTP log shows only bodies of known length.
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER)
                // Quiet: WireMock's console notifier would print unmatched requests, bearer tokens included.
                .notifier(new com.github.tomakehurst.wiremock.common.Slf4jNotifier(false));
        if (!settings.recordRequests()) {
            options.disableRequestJournal();
        }
        this.stubs = new WireMockServer(options);
        this.adminClient = HttpClient.newBuilder().sslContext(tls.trustingContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        Azurite started = null;
        try {
            stubs.start();
            registerStubs();
            started = Azurite.start(Azurite.Service.QUEUE, settings.azuriteHome(), settings.azuritePackage(),
                    settings.endpoints().queue(), tls);
            this.azurite = started;
            createQueue(endpoints().queueUrl());
            createQueue(endpoints().poisonQueueUrl());
            startTables();
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            try {
                stubs.stop();
            } catch (RuntimeException notStarted) {
                // WireMock that failed to start cannot stop either: keep the cause of the failure on top.
                e.addSuppressed(notStarted);
            }
            throw e;
        }
    }

    /** Starts Azurite's table service (again, after {@link #stopTables()}) with an empty table {@code codes}. */
    public synchronized void startTables() {
        if (tables == null) {
            tables = Azurite.start(Azurite.Service.TABLE, settings.azuriteHome(), settings.azuritePackage(),
                    endpoints().table(), settings.tls());
            createTable();
        }
    }

    /** Stops the table service: Table Storage is down (connections refused) until {@link #startTables()}. */
    public synchronized void stopTables() {
        Azurite running = tables;
        tables = null;
        if (running != null) {
            running.close();
        }
    }

    /** Starts everything; returns once every endpoint answers. */
    public static LocalAzure start(Settings settings) {
        return new LocalAzure(settings);
    }

    private void registerStubs() {
        stubs.stubFor(post(urlPathMatching("/[^/]+/oauth2/v2\\.0/token")).atPriority(DEFAULT_STUB_PRIORITY)
                .willReturn(aResponse().withTransformers(EntraStub.NAME)));
        stubs.stubFor(get(urlPathEqualTo(LocalAzureEndpoints.MANAGED_IDENTITY_PATH)).atPriority(DEFAULT_STUB_PRIORITY)
                .willReturn(aResponse().withTransformers(EntraStub.NAME)));
        stubs.stubFor(get(urlPathMatching("/[^/]+(" + LocalTokens.OPENID_CONFIGURATION + "|" + LocalTokens.KEYS + ")"))
                .atPriority(DEFAULT_STUB_PRIORITY).willReturn(aResponse().withTransformers(EntraStub.NAME)));
        stubs.stubFor(get(urlPathMatching("/secrets/.+")).atPriority(DEFAULT_STUB_PRIORITY)
                .willReturn(aResponse().withTransformers(KeyVaultStub.NAME)));
        stubs.stubFor(any(urlPathEqualTo(LocalAzureEndpoints.RANDOM_NUMBER_PATH)).atPriority(DEFAULT_STUB_PRIORITY)
                .willReturn(aResponse().withTransformers(RandomNumberStub.NAME)));
        stubs.stubFor(any(urlPathMatching("/.*")).atPriority(Integer.MAX_VALUE)
                .willReturn(aResponse().withStatus(404).withBody("Not a local Azure endpoint")));
        // Anything that looks for IMDS (managed identity off Azure) lands here instead, and fails loudly.
        stubs.stubFor(any(urlPathMatching("/(imds|metadata)(/.*)?")).atPriority(DEFAULT_STUB_PRIORITY)
                .willReturn(aResponse().withStatus(500).withBody("IMDS is not available on the local Azure")));
    }

    public LocalAzureEndpoints endpoints() {
        return settings.endpoints();
    }

    public LocalTls tls() {
        return settings.tls();
    }

    /** The service's configuration for this stack (see {@link LocalAzureEndpoints#serviceConfig}). */
    public Map<String, String> serviceConfig() {
        return endpoints().serviceConfig(settings.tls());
    }

    // ---- State and control -----------------------------------------------------------------------------------

    public String thirdPartyKey() {
        return settings.thirdPartyKey();
    }

    /** Rotates the key: a new value in Key Vault and at the API, as an operator would. */
    public void rotateThirdPartyKey(String newKey) {
        keyVault.setSecret(newKey);
        randomNumber.setFunctionKey(newKey);
    }

    /** The value Key Vault serves now. */
    public String keyVaultSecret() {
        return keyVault.value();
    }

    /**
     * Every token the local Entra granted, as {@code "client_credentials <audience>"} or {@code "managed_identity
     */
    public List<String> tokenGrants() {
        return entra.grants();
    }

    /**
     * A token for the service's API as the local Entra issues it to the caller app (both roles, an hour), to spoil or
     * change before {@link CallerToken#mint()}.
     */
    public CallerToken callerToken() {
        return new CallerToken(tokens);
    }

    /**
     * Entra rolls its signing key: a new key signs and is the only one published; tokens signed before no longer
     * verify.
     */
    public void rotateSigningKey() {
        tokens.rotate();
    }

    /** Changes only the Key Vault secret (e.g. a wrong value there). */
    public void setKeyVaultSecret(String value) {
        keyVault.setSecret(value);
    }

    /** Changes only the key the API accepts. */
    public void setFunctionKey(String key) {
        randomNumber.setFunctionKey(key);
    }

    /** Makes the RandomNumber API answer this much later (zero: at once); {@link #resetStubs()} sets it back. */
    public void setRandomNumberLatency(Duration latency) {
        randomNumber.setLatency(latency);
    }

    /** Requests the RandomNumber API has received so far (counted as they arrive, before any latency). */
    public int randomNumberCalls() {
        return randomNumber.calls();
    }

    /** Makes Key Vault answer this much later (zero: at once). */
    public void setKeyVaultLatency(Duration latency) {
        keyVault.setLatency(latency);
    }

    /**
     * How long the tokens the local Entra and managed-identity endpoint issue from now on are valid (an hour by
     * default, as Entra's): tests of the SDK's refresh ahead of expiry make it a few minutes.
     */
    public void setTokenLifetime(Duration lifetime) {
        tokens.setLifetimeSeconds(lifetime.toSeconds());
    }

    /** Every access token the local Entra (and the queue administration here) has issued, so far. */
    public List<String> issuedTokens() {
        return tokens.issued();
    }

    /** Successful secret reads Key Vault has served. */
    public int keyVaultSecretReads() {
        return keyVault.reads();
    }

    /** The WireMock server behind Entra, Key Vault and the API, to add fault stubs or read its journal. */
    public WireMockServer stubs() {
        return stubs;
    }

    /** Removes stubs that tests added and the journal, back to the defaults. */
    public void resetStubs() {
        stubs.resetAll();
        randomNumber.setLatency(Duration.ZERO);
        registerStubs();
    }

    /** Up to 32 visible messages in the queue, oldest first, without taking them (Azurite's peek). */
    public List<String> peekMessages() {
        return peek(endpoints().queueUrl());
    }

    /** Up to 32 messages in the poison queue, oldest first, without taking them. */
    public List<String> peekPoisonMessages() {
        return peek(endpoints().poisonQueueUrl());
    }

    private List<String> peek(String queueUrl) {
        return messageTexts(send(HttpRequest.newBuilder(URI.create(
                queueUrl + "/messages?peekonly=true&numofmessages=32")).GET()));
    }

    /** Puts {@code text} on the queue as any producer would (the XML body escapes it). */
    public void sendMessage(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoints().queueUrl() + "/messages"))
                .POST(HttpRequest.BodyPublishers.ofString("<QueueMessage><MessageText>" + escaped
                        + "</MessageText></QueueMessage>")));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Send failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** Every entity of the table {@code codes} (its properties as JSON values), page after page. */
    public List<Map<String, Object>> entities() {
        List<Map<String, Object>> entities = new ArrayList<>();
        String next = "";
        do {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoints().tableUrl() + "()" + next))
                    .header("Accept", "application/json;odata=nometadata").GET());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Listing entities failed: HTTP " + response.statusCode());
            }
            try {
                json.readTree(response.body()).path("value").forEach(entity -> entities.add(json.convertValue(entity,
                        new TypeReference<Map<String, Object>>() {
                        })));
            } catch (IOException e) {
                throw new IllegalStateException("Unreadable entity list", e);
            }
            // A listing stops after 1000 entities; the continuation headers say where the next page starts.
            Optional<String> partition = response.headers().firstValue("x-ms-continuation-NextPartitionKey");
            Optional<String> row = response.headers().firstValue("x-ms-continuation-NextRowKey");
            next = partition.isEmpty() ? "" : "?NextPartitionKey=" + encode(partition.get())
                    + row.map(r -> "&NextRowKey=" + encode(r)).orElse("");
        } while (!next.isEmpty());
        return entities;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The entities whose partition key is {@code code} (the service keeps one per code). */
    public List<Map<String, Object>> entities(String code) {
        return entities().stream().filter(entity -> code.equals(entity.get("PartitionKey"))).toList();
    }

    /** Every message in the queue: takes them all (hidden for 10 minutes), 32 at a time, until none is left. */
    public List<String> takeAllMessages() {
        List<String> all = new ArrayList<>();
        while (true) {
            List<String> batch = messageTexts(send(HttpRequest.newBuilder(URI.create(
                    endpoints().queueUrl() + "/messages?numofmessages=32&visibilitytimeout=600")).GET()));
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    private static List<String> messageTexts(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Reading messages failed: HTTP " + response.statusCode());
        }
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList texts = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(response.body())))
                    .getElementsByTagName("MessageText");
            List<String> messages = new ArrayList<>(texts.getLength());
            for (int i = 0; i < texts.getLength(); i++) {
                messages.add(texts.item(i).getTextContent());
            }
            return messages;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("Unreadable peek answer", e);
        }
    }

    /** Empties the queue. */
    public void clearQueue() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoints().queueUrl() + "/messages")).DELETE());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("Clear failed: HTTP " + response.statusCode());
        }
    }

    private void createQueue(String queueUrl) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(queueUrl))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 201 && response.statusCode() != 204) {
            throw new IllegalStateException("Cannot create queue " + queueUrl + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
    }

    private void createTable() {
        String account = endpoints().tableUrl().substring(0, endpoints().tableUrl().lastIndexOf('/'));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(account + "/Tables"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json;odata=nometadata")
                .POST(HttpRequest.BodyPublishers.ofString("{\"TableName\":\"" + LocalAzureEndpoints.TABLE_NAME
                        + "\"}")));
        if (response.statusCode() != 201 && response.statusCode() != 204 && response.statusCode() != 409) {
            throw new IllegalStateException("Cannot create table " + LocalAzureEndpoints.TABLE_NAME + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
    }

    /** Storage administration with a storage token of the local Entra: the same auth path as the service's. */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return adminClient.send(request
                    .header("Authorization", "Bearer " + tokens.mint(LocalTokens.STORAGE_AUDIENCE, LocalAzureEndpoints.CLIENT_ID))
                    .header("x-ms-version", "2021-12-02")
                    .timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Azurite did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            stopTables();
        } finally {
            try {
                azurite.close();
            } finally {
                stubs.stop();
            }
        }
    }
}
