package dev.integratedauth.workarounds.azuresdk;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import reactor.core.publisher.Mono;

/**
 * The Azure SDK's HTTP client, one per Vert.x event loop: a request sent from an event loop goes out on a connection of
 * that event loop, so it is written, and its answer handled, on the thread that sent it.
 * <p>
 * Why: a Vert.x 4 client's pool is shared by all event loops and hands out the connection it used last, whichever loop
 * it belongs to. With Quarkus's two event loops per core, most queue sends and table inserts went out on another loop's
 * connection: the request was queued to that loop to be written and its answer queued back to the caller's, two thread
 * hand-offs per call (the benchmark's profile: the event loops' task queues ran most of the service's work, the floor's
 * none). One client per loop is how plain Vert.x programs are written, and what the benchmark's floor does. Requests
 * from any other thread (MSAL's token requests, start-up) use one more client, shared.
 * <p>
 * Each client gets its share of {@code app.azure.http.max-connections-per-host} (see {@link AzureClients}), so the
 * replica's total stays what the setting says.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of Vert.x 4.5 ({@code HttpClient}'s shared pool), as azure-core-http-vertx
 * 1.1.4 uses it; upstream: fixed by design in Vert.x 5's per-context pools. Remove when the SDK runs on Vert.x 5;
 * {@code AzureSdkCanaryTest#eventLoopHttpClientsStillNeeded} fails then.
 */
public final class EventLoopHttpClients implements HttpClient {

    private final EventExecutor[] loops;
    private final HttpClient[] clients;
    private final HttpClient others;

    private EventLoopHttpClients(EventExecutor[] loops, HttpClient[] clients, HttpClient others) {
        this.loops = loops;
        this.clients = clients;
        this.others = others;
    }

    /** The event loops of {@code vertx}. */
    public static List<EventExecutor> eventLoops(Vertx vertx) {
        List<EventExecutor> loops = new ArrayList<>();
        ((VertxInternal) vertx).getEventLoopGroup().forEach(loops::add);
        return loops;
    }

    /** One client from {@code newClient} for each of {@code loops}, and one for every other thread. */
    public static EventLoopHttpClients of(List<EventExecutor> loops, Supplier<HttpClient> newClient) {
        HttpClient[] clients = new HttpClient[loops.size()];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = newClient.get();
        }
        return new EventLoopHttpClients(loops.toArray(EventExecutor[]::new), clients, newClient.get());
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        // Chosen when the send is subscribed: that is the thread the Vert.x request is made on.
        return Mono.defer(() -> current().send(request, context));
    }

    private HttpClient current() {
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].inEventLoop()) {
                return clients[i];
            }
        }
        return others;
    }
}
