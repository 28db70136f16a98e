package dev.integratedauth.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * A TCP gate in front of a token endpoint, on 127.0.0.1: it forwards the bytes both ways (TLS stays end to end, so the
 * client checks the real endpoint's certificate), refuses connections (nothing listens: the identity sidecar is not up
 * yet), or accepts them and never answers (a hung endpoint). Faults the stubs cannot produce, since WireMock's port
 * always listens.
 */
public final class TcpGate implements AutoCloseable {

    public enum Mode {
        /** Forward to the endpoint. */
        OPEN,
        /** Not listening: every connection is refused. */
        REFUSE,
        /** Listening, but nothing is forwarded or answered. */
        HANG
    }

    private final Vertx vertx = Vertx.vertx();
    private final int port;
    private final int target;
    private final NetClient client;
    private final Set<NetSocket> held = ConcurrentHashMap.newKeySet();
    private volatile NetServer server;
    private volatile Mode mode = Mode.REFUSE;

    /** A gate on {@code port} in front of {@code target} (both on 127.0.0.1), refusing until {@link #set}. */
    public TcpGate(int port, int target) {
        this.port = port;
        this.target = target;
        this.client = vertx.createNetClient();
    }

    public int port() {
        return port;
    }

    /** From now on, new connections meet {@code next}; connections held by a hang are closed when it ends. */
    public synchronized void set(Mode next) {
        if (next == mode) {
            return;
        }
        mode = next;
        if (next == Mode.REFUSE) {
            stopListening();
        } else if (server == null) {
            NetServer listening = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(port))
                    .connectHandler(this::accept);
            await(listening.listen().mapEmpty(), "listen on " + port);
            server = listening;
        }
        if (next != Mode.HANG) {
            held.forEach(NetSocket::close);
            held.clear();
        }
    }

    private void accept(NetSocket inbound) {
        if (mode == Mode.HANG) {
            held.add(inbound);
            inbound.closeHandler(ignored -> held.remove(inbound));
            return;
        }
        inbound.pause();
        client.connect(target, "127.0.0.1").onSuccess(outbound -> {
            inbound.pipeTo(outbound);
            outbound.pipeTo(inbound);
            inbound.resume();
        }).onFailure(e -> inbound.close());
    }

    private void stopListening() {
        NetServer running = server;
        server = null;
        if (running != null) {
            await(running.close(), "stop listening on " + port);
        }
    }

    private static void await(io.vertx.core.Future<Void> future, String what) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("TCP gate: cannot " + what, e);
        }
    }

    @Override
    public void close() {
        await(vertx.close(), "close");
    }
}
