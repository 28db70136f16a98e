package dev.integratedauth.azure;

import com.azure.storage.queue.QueueAsyncClient;

/**
 * The queue clients of the code consumer (package {@code expiry}).
 *
 * @param codeRequests {@code code-requests}: receive, put back, delete
 * @param poison {@code code-requests-poison}: where messages that are not codes go
 */
public record ConsumerQueues(QueueAsyncClient codeRequests, QueueAsyncClient poison) {
}
