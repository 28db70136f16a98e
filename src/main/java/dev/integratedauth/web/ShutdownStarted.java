package dev.integratedauth.web;

/**
 * Fired (synchronously, on the signal's thread) the moment the process is told to stop, before requests in flight are
 * drained: whatever pulls work in the background stops pulling now, not after the drain.
 */
public record ShutdownStarted(String signal) {
}
