package dev.integratedauth.nativeimage;

import com.azure.core.util.DateTimeRfc1123;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * azure-storage-queue 12.29.0 ships no native-image configuration. azure-core's REST proxy finds the constructors of
 * the generated response-header types reflectively, and {@code ExpandableStringEnum.fromString} creates the queue enums
 * through their no-argument constructors; register every type of both model packages with constructors, methods and
 * fields (pattern: camel-quarkus azure-storage-queue). {@code NativeImageConfigIT} checks this list against the classes
 * in the jar, so an SDK upgrade that adds a model fails the build.
 */
@RegisterForReflection(targets = {
        // The RFC 1123 dates of the queue responses' headers (Date, Last-Modified, x-ms-time-next-visible).
        DateTimeRfc1123.class,
        // com.azure.storage.queue.models: the public results and options.
        com.azure.storage.queue.models.GeoReplication.class,
        com.azure.storage.queue.models.GeoReplicationStatus.class,
        com.azure.storage.queue.models.PeekedMessageItem.class,
        com.azure.storage.queue.models.QueueAccessPolicy.class,
        com.azure.storage.queue.models.QueueAnalyticsLogging.class,
        com.azure.storage.queue.models.QueueAudience.class,
        com.azure.storage.queue.models.QueueCorsRule.class,
        com.azure.storage.queue.models.QueueErrorCode.class,
        com.azure.storage.queue.models.QueueGetUserDelegationKeyOptions.class,
        com.azure.storage.queue.models.QueueItem.class,
        com.azure.storage.queue.models.QueueMessageDecodingError.class,
        com.azure.storage.queue.models.QueueMessageItem.class,
        com.azure.storage.queue.models.QueueMetrics.class,
        com.azure.storage.queue.models.QueueProperties.class,
        com.azure.storage.queue.models.QueueRetentionPolicy.class,
        com.azure.storage.queue.models.QueueServiceProperties.class,
        com.azure.storage.queue.models.QueueServiceStatistics.class,
        com.azure.storage.queue.models.QueueSignedIdentifier.class,
        com.azure.storage.queue.models.QueueStorageException.class,
        com.azure.storage.queue.models.QueuesSegmentOptions.class,
        com.azure.storage.queue.models.SendMessageResult.class,
        com.azure.storage.queue.models.UpdateMessageResult.class,
        com.azure.storage.queue.models.UserDelegationKey.class,
        // com.azure.storage.queue.implementation.models: wire models and the typed response headers.
        com.azure.storage.queue.implementation.models.KeyInfo.class,
        com.azure.storage.queue.implementation.models.ListQueuesSegmentResponse.class,
        com.azure.storage.queue.implementation.models.MessageIdsDeleteHeaders.class,
        com.azure.storage.queue.implementation.models.MessageIdsUpdateHeaders.class,
        com.azure.storage.queue.implementation.models.MessagesClearHeaders.class,
        com.azure.storage.queue.implementation.models.MessagesDequeueHeaders.class,
        com.azure.storage.queue.implementation.models.MessagesEnqueueHeaders.class,
        com.azure.storage.queue.implementation.models.MessagesPeekHeaders.class,
        com.azure.storage.queue.implementation.models.PeekedMessageItemInternal.class,
        com.azure.storage.queue.implementation.models.PeekedMessageItemInternalWrapper.class,
        com.azure.storage.queue.implementation.models.QueueMessage.class,
        com.azure.storage.queue.implementation.models.QueueMessageItemInternal.class,
        com.azure.storage.queue.implementation.models.QueueMessageItemInternalWrapper.class,
        com.azure.storage.queue.implementation.models.QueueSignedIdentifierWrapper.class,
        com.azure.storage.queue.implementation.models.QueueStorageError.class,
        com.azure.storage.queue.implementation.models.QueueStorageExceptionInternal.class,
        com.azure.storage.queue.implementation.models.QueuesCreateHeaders.class,
        com.azure.storage.queue.implementation.models.QueuesDeleteHeaders.class,
        com.azure.storage.queue.implementation.models.QueuesGetAccessPolicyHeaders.class,
        com.azure.storage.queue.implementation.models.QueuesGetPropertiesHeaders.class,
        com.azure.storage.queue.implementation.models.QueuesSetAccessPolicyHeaders.class,
        com.azure.storage.queue.implementation.models.QueuesSetMetadataHeaders.class,
        com.azure.storage.queue.implementation.models.SendMessageResultWrapper.class,
        com.azure.storage.queue.implementation.models.ServicesGetPropertiesHeaders.class,
        com.azure.storage.queue.implementation.models.ServicesGetStatisticsHeaders.class,
        com.azure.storage.queue.implementation.models.ServicesGetUserDelegationKeyHeaders.class,
        com.azure.storage.queue.implementation.models.ServicesListQueuesSegmentHeaders.class,
        com.azure.storage.queue.implementation.models.ServicesListQueuesSegmentNextHeaders.class,
        com.azure.storage.queue.implementation.models.ServicesSetPropertiesHeaders.class,
        com.azure.storage.queue.implementation.models.StorageError.class,
        com.azure.storage.queue.implementation.models.StorageErrorException.class })
final class StorageQueueReflection {

    private StorageQueueReflection() {
    }
}
