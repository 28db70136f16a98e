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
 * once, instead of on another thread. Process-wide ({@link Schedulers#setFactory}), installed with the Azure clients.
 * <p>
 * Why: azure-core decodes every response body with {@code publishOn(Schedulers.boundedElastic())}
 * ({@code AsyncRestProxy.decodeBytes}), so each answer, and everything after it, would move to another thread and back
 * to the request's event loop, for a few microseconds of parsing a body already in memory.
 * <p>
 * Safe because nothing on this service's paths uses {@code boundedElastic} to move blocking work off an event loop: in
 * its jars the only users are that decoding, the Tables batch body (non-blocking too) and {@code InputStream} or
 * channel bodies the service never sends (the audit: docs/decisions/0002-decoding-on-the-event-loop.md). Code that
 * needs such work from an event loop must bring a {@code Schedulers.newBoundedElastic(...)} of its own. Tasks from any
 * other thread, and delayed or periodic tasks, still go to the real threads.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-core 1.58.1; upstream: by design, for blocking decoders. Remove when
 * {@code AzureSdkCanaryTest#eventLoopBoundedElasticStillNeeded} fails.
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
     * while no earlier task of this worker is queued on, or running on, the real worker. A worker that was ever given a
     * delayed or periodic task (publishOn, the one user here, never does) sends everything to the real worker.
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
