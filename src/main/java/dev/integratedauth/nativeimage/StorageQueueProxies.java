package dev.integratedauth.nativeimage;

import com.azure.storage.queue.implementation.MessageIdsImpl;
import com.azure.storage.queue.implementation.MessagesImpl;
import com.azure.storage.queue.implementation.QueuesImpl;
import com.azure.storage.queue.implementation.ServicesImpl;

import io.quarkus.runtime.annotations.RegisterForProxy;

/**
 * azure-storage-queue 12.29.0 ships no native-image configuration, and azure-core's {@code RestProxy} implements each
 * {@code @ServiceInterface} of the generated client as a JDK dynamic proxy, which a native image must know at build
 * time (pattern: camel-quarkus azure-storage-queue; request: Azure/azure-sdk-for-java#33509).
 * <p>
 * One holder per interface: all targets of one {@code @RegisterForProxy} form <em>one</em> proxy class, and Quarkus
 * 3.33 does not read repeated {@code @RegisterForProxy} annotations on one class.
 */
final class StorageQueueProxies {

    private StorageQueueProxies() {
    }

    /** Send, peek, receive and clear messages: {@code QueueAsyncClient.sendMessage} goes through this one. */
    @RegisterForProxy(targets = MessagesImpl.MessagesService.class)
    static final class Messages {
    }

    /** Update and delete one message by id. */
    @RegisterForProxy(targets = MessageIdsImpl.MessageIdsService.class)
    static final class MessageIds {
    }

    /** Queue create/delete/metadata/ACL; built with every {@code AzureQueueStorageImpl}. */
    @RegisterForProxy(targets = QueuesImpl.QueuesService.class)
    static final class Queues {
    }

    /** Account-level calls (list queues, properties); built with every {@code AzureQueueStorageImpl}. */
    @RegisterForProxy(targets = ServicesImpl.ServicesService.class)
    static final class Services {
    }
}
