package dev.integratedauth.localazure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The local Azure's key material, made by the build (keytool, see pom.xml) into {@code target/local-azure/tls}: one
 * self-signed certificate for 127.0.0.1 and localhost, and the local Entra's token-signing key. Nothing here is
 * committed.
 *
 * @param keyStore PKCS#12 with the key and certificate (WireMock, Azurite)
 * @param certificate the certificate alone, PEM: what clients of the local Azure trust
 * @param signingKeyStore PKCS#12 with the local Entra's RSA key: on disk, so tokens outlive a dev-mode reload
 * @param password of the PKCS#12 files; throwaway material for 127.0.0.1
 */
public record LocalTls(Path keyStore, Path certificate, Path signingKeyStore, String password) {

    public static final String DEFAULT_PASSWORD = "local-azure";
    /** Where the build puts it, relative to the project folder (the working directory of dev mode and tests). */
    public static final Path PROJECT_DIRECTORY = Path.of("target/local-azure/tls");

    public static LocalTls in(Path directory) {
        return new LocalTls(directory.resolve("local-azure.p12"), directory.resolve("local-azure.crt"),
                directory.resolve("local-entra.p12"), DEFAULT_PASSWORD);
    }

    LocalTls requirePresent() {
        if (!Files.isReadable(keyStore) || !Files.isReadable(certificate)) {
            throw new IllegalStateException("The local Azure's TLS material is missing (" + keyStore + ", "
                    + certificate + "). The build makes it: run ./mvnw generate-resources (or any build) first.");
        }
        return this;
    }

    /** An SSL context that trusts the local certificate and nothing else. */
    SSLContext trustingContext() {
        try (InputStream pem = Files.newInputStream(certificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("local-azure", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read " + certificate, e);
        }
    }
}
