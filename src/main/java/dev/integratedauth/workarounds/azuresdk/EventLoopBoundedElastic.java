package dev.integratedauth.workarounds.azuresdk;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor's {@code boundedElastic} scheduler, except that a task scheduled from a Vert.x event loop runs there, at
 * once, instead of on another thread. Process-wide ({@link Schedulers#setFactory}), installed with the Azure
 * clients.
 * <p>
 * Why: azure-core 1.58 decodes every response body with {@code publishOn(Schedulers.boundedElastic())}
 * ({@code AsyncRestProxy.decodeBytes}), so each {@code sendMessage} reply and everything after it moved to another
 * thread and back to the request's event loop: two thread hand-offs per code, the largest single cost on the request
 * path (README, "Performance"). The decoding itself is a few microseconds of parsing a body already in memory.
 * <p>
 * Why this is safe here: {@code boundedElastic} exists to move <em>blocking</em> work off non-blocking threads. In
 * the jars of this service (azure-core, azure-identity, MSAL, Key Vault, storage-common, storage-queue, data-tables,
 * reactor-core, checked in their byte code), the only code that schedules on it is:
 * <ul>
 * <li>{@code AsyncRestProxy.decodeBytes}: non-blocking decoding, the case this scheduler is for;</li>
 * <li>{@code TableAsyncClient.submitTransactionWithResponse}: builds a batch body in memory, non-blocking too (and
 * the service inserts single entities only);</li>
 * <li>request bodies read from an {@code InputStream} ({@code InputStreamContent}, storage's
 * {@code Utility.convertStreamToByteBuffer}, blob {@code UploadUtils}), {@code FluxUtil.writeToWritableByteChannel},
 * and the queue client's synchronous {@code processMessageDecodingError} handler: blocking, and used nowhere here
 * (the service sends strings, reads one secret and decodes nothing itself). Code that needs them from an event loop
 * must not run on this scheduler: pass it a {@code Schedulers.newBoundedElastic(...)} of its own.</li>
 * </ul>
 * Token acquisition does not use it: azure-identity calls MSAL, which runs on its own executor, and the SDK's
 * {@code BearerTokenAuthenticationPolicy} awaits that asynchronously. A task scheduled from any other thread, and
 * any
 * delayed or periodic task, still goes to the real {@code boundedElastic} threads.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-core 1.58.1 ({@code AsyncRestProxy.decodeBytes}); upstream: none
 * filed, the hop is azure-core's design for blocking decoders. Remove when azure-core decodes in place; {@code
 * EventLoopBoundedElasticCanaryTest} fails then.
 */
public final class EventLoopBoundedElastic implements Scheduler {

    private static final AtomicInteger INSTALLED = new AtomicInteger();

    private final Scheduler delegate;

    private EventLoopBoundedElastic(Scheduler delegate) {
        this.delegate = delegate;
    }

    /** Installs the factory once per process; later calls do nothing. */
    public static void install() {
        if (INSTALLED.compareAndSet(0, 1)) {
            Schedulers.setFactory(new Schedulers.Factory() {
                @Override
                public Scheduler newBoundedElastic(int threadCap, int queuedTaskCap, ThreadFactory threadFactory,
                        int ttlSeconds) {
                    return new EventLoopBoundedElastic(Schedulers.Factory.super.newBoundedElastic(threadCap,
                            queuedTaskCap, threadFactory, ttlSeconds));
                }
            });
        }
    }

    @Override
    public Disposable schedule(Runnable task) {
        if (Context.isOnEventLoopThread()) {
            task.run();
            return Disposables.disposed();
        }
        return delegate.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return delegate.schedule(task, delay, unit);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return delegate.schedulePeriodically(task, initialDelay, period, unit);
    }

    @Override
    public long now(TimeUnit unit) {
        return delegate.now(unit);
    }

    @Override
    public Worker createWorker() {
        return new InlineWorker(delegate.createWorker());
    }

    @Override
    public void init() {
        delegate.init();
    }

    @Override
    @SuppressWarnings("deprecation")
    public void start() {
        delegate.start();
    }

    @Override
    public boolean isDisposed() {
        return delegate.isDisposed();
    }

    @Override
    public void dispose() {
        delegate.dispose();
    }

    @Override
    public Mono<Void> disposeGracefully() {
        return delegate.disposeGracefully();
    }

    @Override
    public String toString() {
        return "EventLoopBoundedElastic(" + delegate + ")";
    }

    /**
     * A worker keeps its tasks in order and never runs two at once: a task runs inline only on an event loop and only
     * while no earlier task of this worker is queued on, or running on, the real worker. A worker that was ever given
     * a delayed or periodic task (publishOn, the one user here, never does) sends everything to the real worker.
     */
    private static final class InlineWorker implements Worker {
        private final Worker delegate;
        /** Tasks of this worker queued or running on the delegate, plus one while a task runs inline. */
        private final AtomicInteger busy = new AtomicInteger();
        private volatile boolean delegateOnly;

        InlineWorker(Worker delegate) {
            this.delegate = delegate;
        }

        @Override
        public Disposable schedule(Runnable task) {
            if (!delegateOnly && Context.isOnEventLoopThread() && !delegate.isDisposed() && busy.compareAndSet(0, 1)) {
                try {
                    task.run();
                } finally {
                    busy.decrementAndGet();
                }
                return Disposables.disposed();
            }
            busy.incrementAndGet();
            try {
                return delegate.schedule(() -> {
                    try {
                        task.run();
                    } finally {
                        busy.decrementAndGet();
                    }
                });
            } catch (RuntimeException rejected) {
                busy.decrementAndGet();
                throw rejected;
            }
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            delegateOnly = true;
            return delegate.schedule(task, delay, unit);
        }

        @Override
        public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            delegateOnly = true;
            return delegate.schedulePeriodically(task, initialDelay, period, unit);
        }

        @Override
        public boolean isDisposed() {
            return delegate.isDisposed();
        }

        @Override
        public void dispose() {
            delegate.dispose();
        }
    }
}
