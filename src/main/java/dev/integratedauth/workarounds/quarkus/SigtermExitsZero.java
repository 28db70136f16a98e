package dev.integratedauth.workarounds.quarkus;

import dev.integratedauth.web.ShutdownStarted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import sun.misc.Signal;

/**
 * SIGTERM (Container Apps stopping a replica: scale-in, a new revision) starts Quarkus's graceful shutdown and ends the
 * process with exit status 0.
 * <p>
 * What happens then is Quarkus's own (docs/operations.md, "Being stopped"): readiness reports DOWN at once
 * ({@code quarkus.shutdown.delay-enabled}), every new request gets a 503, and the requests already accepted run to
 * their end (the API call, the queue send, the 200) for at most {@code quarkus.shutdown.timeout}; only then are the
 * Azure clients closed. Without this handler the JVM would run the same shutdown from its hook but exit with 143 (128 +
 * SIGTERM), which Container Apps and most supervisors count as a failed stop; the native executable does the same. The
 * handler is installed only in a packaged app (not in dev mode or tests, whose JVM belongs to Maven).
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of the JVM and the native image, which exit 143 on SIGTERM; upstream: by
 * design. No canary: {@code GracefulShutdownIT} checks the exit status that matters.
 */
@ApplicationScoped
public class SigtermExitsZero {

    private static final Logger LOG = Logger.getLogger(SigtermExitsZero.class);
    static final String SIGNAL = "TERM";

    private final Event<ShutdownStarted> started;

    SigtermExitsZero(Event<ShutdownStarted> started) {
        this.started = started;
    }

    void install(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            Signal.handle(new Signal(SIGNAL), this::stop);
        }
    }

    private void stop(Signal signal) {
        LOG.infof("SIG%s: not ready any more; draining the requests in flight, then exiting", signal.getName());
        started.fire(new ShutdownStarted("SIG" + signal.getName()));
        Quarkus.asyncExit(0);
    }
}
