package dev.integratedauth.workarounds.jdk;

import java.security.NoSuchAlgorithmException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;

/**
 * Loads the JDK's default trust store on the main thread at start, before the first Azure or API call. The first TLS
 * connection would otherwise load it on a Vert.x event loop (Netty's {@code JdkSslContext} initialises a default
 * {@code SSLContext}), parsing every CA of cacerts there: a blocked event loop for seconds on a busy machine. The JDK
 * keeps the parsed store for every later context.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of the JDK's lazy default {@code SSLContext}; upstream: by design. No canary:
 * the cost is time on a loaded machine, which a test cannot measure reliably.
 */
@ApplicationScoped
public class DefaultTrustWarmUp {

    void warm(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        try {
            javax.net.ssl.SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}
