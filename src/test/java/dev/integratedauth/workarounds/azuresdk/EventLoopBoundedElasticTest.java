package dev.integratedauth.workarounds.azuresdk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process-wide bounded-elastic scheduler: work scheduled from an event loop (the SDK's response decoding) stays
 * there; work from any other thread, and delayed work, still runs on bounded-elastic threads; a worker keeps its
 * tasks in order.
 */
class EventLoopBoundedElasticTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        EventLoopBoundedElastic.install();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void theSdksDecodingStepStaysOnTheEventLoop() throws Exception {
        CompletableFuture<String[]> threads = new CompletableFuture<>();
        onEventLoop(() -> {
            String caller = Thread.currentThread().getName();
            // What azure-core's AsyncRestProxy.decodeBytes does with every response body.
            Mono.fromCallable(() -> "decoded").publishOn(Schedulers.boundedElastic())
                    .subscribe(item -> threads.complete(new String[] {caller, Thread.currentThread().getName()}));
        });
        String[] names = threads.get(10, TimeUnit.SECONDS);
        assertTrue(names[0].startsWith("vert.x-eventloop-thread"), names[0]);
        assertEquals(names[0], names[1], "emitted on the caller's event loop");
    }

    @Test
    void workFromOtherThreadsStillLeavesThem() throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        Schedulers.boundedElastic().schedule(() -> thread.complete(Thread.currentThread().getName()));
        assertTrue(thread.get(10, TimeUnit.SECONDS).startsWith("boundedElastic-"), thread.get());
        assertFalse(Context.isOnEventLoopThread());
    }

    @Test
    void delayedWorkFromAnEventLoopRunsOnBoundedElasticThreads() throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        onEventLoop(() -> Schedulers.boundedElastic().schedule(
                () -> thread.complete(Thread.currentThread().getName()), 10, TimeUnit.MILLISECONDS));
        assertTrue(thread.get(10, TimeUnit.SECONDS).startsWith("boundedElastic-"), thread.get());
    }

    @Test
    void aWorkerRunsItsTasksInOrderAndOneAtATime() throws Exception {
        Scheduler.Worker worker = Schedulers.boundedElastic().createWorker();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try {
            // From a plain thread: queued on a bounded-elastic thread, where it waits.
            worker.schedule(() -> {
                awaitRelease(release);
                order.add("first");
            });
            // From an event loop while the first still waits: must not overtake it, so it is queued too.
            CompletableFuture<Void> scheduled = new CompletableFuture<>();
            onEventLoop(() -> {
                worker.schedule(() -> order.add("second"));
                scheduled.complete(null);
            });
            scheduled.get(10, TimeUnit.SECONDS);
            assertTrue(order.isEmpty(), "nothing ran before the first task: " + order);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 2);
            assertEquals(List.of("first", "second"), order);

            // Idle again: from an event loop, a task now runs at once, inline.
            CompletableFuture<Boolean> inline = new CompletableFuture<>();
            onEventLoop(() -> {
                boolean[] ran = new boolean[1];
                worker.schedule(() -> ran[0] = true);
                inline.complete(ran[0]);
            });
            assertTrue(inline.get(10, TimeUnit.SECONDS), "ran inline on the event loop");
        } finally {
            worker.dispose();
        }
    }

    private static void onEventLoop(Runnable task) {
        vertx.getOrCreateContext().runOnContext(ignored -> task.run());
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
