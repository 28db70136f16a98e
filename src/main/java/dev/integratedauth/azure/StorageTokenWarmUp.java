package dev.integratedauth.azure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import io.quarkus.runtime.StartupEvent;

/**
 * Gets a Storage token at boot (into the tokens the credential holds for every client), so the first code does not wait
 * for one, and a credential that cannot get one shows in the log at once. No Storage call is made.
 */
@ApplicationScoped
class StorageTokenWarmUp {

    private static final Logger LOG = Logger.getLogger(StorageTokenWarmUp.class);
    private static final TokenRequestContext STORAGE_TOKEN = new TokenRequestContext()
            .addScopes("https://storage.azure.com/.default");

    void warmUp(@Observes StartupEvent event, TokenCredential credential) {
        credential.getToken(STORAGE_TOKEN).subscribe(
                token -> LOG.debug("Storage token obtained"),
                e -> LOG.warnf("No Storage token yet (%s); the first send will try again", e.getClass().getSimpleName()));
    }
}
