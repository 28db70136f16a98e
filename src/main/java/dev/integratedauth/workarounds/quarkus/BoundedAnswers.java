package dev.integratedauth.workarounds.quarkus;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;
import org.jboss.resteasy.reactive.client.impl.ClientRequestContextImpl;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Puts an {@link AnswerLimit} on every connection a REST client opens: no answer larger than the subclass's limit is
 * read, and no body may take longer than the client's read timeout after its head. A client registers its subclass with
 * {@code @RegisterProvider}.
 * <p>
 * Why a request filter: the REST client offers no hook on its Vert.x HTTP client other than the request context, which
 * a filter sees before the connection for the request is taken from the pool. The handler is set on the client once
 * (the client is a singleton); connections already open when it is set keep none, and there are none, since the first
 * request installs it.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md): see {@link AnswerLimit}.
 */
public abstract class BoundedAnswers implements ClientRequestFilter {

    private static final Logger LOG = Logger.getLogger(BoundedAnswers.class);

    private final long maxBytes;
    private volatile HttpClient bounded;

    protected BoundedAnswers(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ClientRequestContext context) {
        ClientRequestContextImpl request = (ClientRequestContextImpl) context;
        HttpClient client = request.getRestClientRequestContext().getHttpClient();
        if (client == bounded) {
            return;
        }
        long bodyMillis = context.getConfiguration().getProperty(QuarkusRestClientProperties.READ_TIMEOUT)
                instanceof Long timeout ? timeout : 0L;
        client.connectionHandler(connection -> limit(connection, bodyMillis));
        bounded = client;
    }

    private void limit(HttpConnection connection, long bodyMillis) {
        // The failure AnswerLimit raises reaches the answer under way; without a handler of its own, the
        // connection would also log it at ERROR.
        connection.exceptionHandler(e -> LOG.debugf("RandomNumber API connection failed: %s", e.getMessage()));
        ChannelPipeline pipeline = ((ConnectionBase) connection).channelHandlerContext().pipeline();
        if (pipeline.get("codec") != null && pipeline.get("handler") != null) {
            pipeline.addBefore("handler", AnswerLimit.NAME, new AnswerLimit(maxBytes, bodyMillis));
        } else {
            // HTTP/2 has another pipeline; the REST client speaks HTTP/1.1 unless told otherwise.
            LOG.debugf("RandomNumber API connection without an HTTP/1.1 codec; its answers are not bounded");
        }
    }
}
