package dev.integratedauth.workarounds.quarkus;

import java.util.function.Supplier;

import jakarta.inject.Singleton;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

import org.jboss.resteasy.reactive.client.impl.ClientRequestContextImpl;
import org.jboss.resteasy.reactive.client.impl.RestClientRequestContext;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Passes a caller's hang-up on to a RandomNumber API call only once the call's request is on its connection; before
 * that, the call goes on and its answer is dropped.
 * <p>
 * Why: when the REST client's {@code Uni} is cancelled before its Vert.x request exists (waiting for a pooled
 * connection, or for one to connect), Quarkus 3.33's {@code ClientSendRequestHandler} drops the request it then gets
 * without sending or resetting it (its {@code isUserCanceled()} early return, added for quarkusio/quarkus#48620;
 * {@code UniInvoker}'s comment expects a reset there, there is none). The request stays on its pooled connection until
 * its read timeout, then Vert.x logs {@code ERROR The timeout period of ...ms has been exceeded} (the request has no
 * exception handler), and only then is the connection free: a burst of hang-ups (a load test ending) logged tens of
 * these and held as many connections for the read timeout. Once the request exists, cancelling is safe: Quarkus resets
 * it at once (quarkusio/quarkus#41990). A call left to go on holds its connection only as long as the API takes to
 * answer (at most the read timeout, as any call), and asks for nothing but a number. A reset that lands after the
 * response ended (it was on its way to the caller) makes Vert.x 4.5 close the connection, which by then may carry the
 * next call (eclipse-vertx/vert.x#6294, fixed and reverted upstream): that call fails as closed unanswered and
 * {@code RandomNumberClient} sends it again.
 * <p>
 * The call's request context reaches this filter on the subscribing thread: the REST client runs its request filters
 * synchronously while its {@code Uni} is subscribed, before it asks the pool for a connection. A call made without
 * {@link #call} is not seen here and keeps Quarkus's own cancellation.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of Quarkus 3.33.2's REST client ({@code ClientSendRequestHandler}); upstream:
 * the early return added for quarkusio/quarkus#48620. No canary: it takes a saturated pool and a cancel in a narrow
 * window; remove when Quarkus resets a request created after its cancel.
 */
@Singleton
public class HangUpSafeCalls implements ClientRequestFilter {

    private static final ThreadLocal<Call> SUBSCRIBING = new ThreadLocal<>();

    /** The API call {@code request} makes, cancelled by a hang-up only once its request has been created. */
    public <T> Uni<T> call(Supplier<Uni<T>> request) {
        return Uni.createFrom().deferred(() -> {
            Call call = new Call();
            return Uni.createFrom().<T> emitter(emitter -> {
                SUBSCRIBING.set(call);
                try {
                    // After a hang-up the emitter ignores the outcome: nobody is waiting for it.
                    call.subscription = request.get().subscribe().with(emitter::complete, emitter::fail);
                } finally {
                    SUBSCRIBING.remove();
                }
            }).onCancellation().invoke(call::hungUp);
        });
    }

    @Override
    public void filter(ClientRequestContext context) {
        Call call = SUBSCRIBING.get();
        if (call != null) {
            call.request = ((ClientRequestContextImpl) context).getRestClientRequestContext();
        }
    }

    private static final class Call {
        volatile RestClientRequestContext request;
        volatile Cancellable subscription;

        void hungUp() {
            RestClientRequestContext sent = request;
            Cancellable cancellable = subscription;
            if (sent != null && cancellable != null && sent.getHttpClientRequest() != null) {
                cancellable.cancel(); // the REST client resets the request under way
            }
        }
    }
}
