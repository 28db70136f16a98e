package dev.integratedauth.azure;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import reactor.core.publisher.Mono;

/**
 * Logs once per resource, at INFO, that the credential produced its first token for it, and until when that token is
 * valid. azure-identity itself logs at INFO which credential of the chain returned the token
 * ({@code "Attempted credential ManagedIdentityCredential returns a token"}) but not for which scopes; this line adds
 * them. Only the scopes and the expiry are logged: the token is never read, kept or shown.
 */
final class TokenDiagnostics implements TokenCredential {

    private static final Logger LOG = Logger.getLogger(TokenDiagnostics.class);

    private final TokenCredential credential;
    private final Set<List<String>> seen = ConcurrentHashMap.newKeySet();

    private TokenDiagnostics(TokenCredential credential) {
        this.credential = credential;
    }

    /** The credential, logging its first token for each resource. */
    static TokenCredential wrap(TokenCredential credential) {
        return new TokenDiagnostics(credential);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return credential.getToken(request).doOnNext(token -> firstToken(request, token));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        AccessToken token = credential.getTokenSync(request);
        firstToken(request, token);
        return token;
    }

    private void firstToken(TokenRequestContext request, AccessToken token) {
        List<String> scopes = List.copyOf(request.getScopes());
        if (seen.add(scopes)) {
            LOG.infof("Azure credential: first token for %s obtained, valid until %s", scopes,
                    token == null ? "unknown" : token.getExpiresAt());
        }
    }
}
