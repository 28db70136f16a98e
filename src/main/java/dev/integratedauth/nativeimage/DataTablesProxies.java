package dev.integratedauth.nativeimage;

import com.azure.data.tables.implementation.ServicesImpl;
import com.azure.data.tables.implementation.TablesImpl;
import com.azure.data.tables.implementation.TransactionalBatchImpl;

import io.quarkus.runtime.annotations.RegisterForProxy;

/**
 * azure-data-tables 12.5.9 ships no native-image configuration; its generated client's {@code @ServiceInterface} types
 * are JDK dynamic proxies made by azure-core's {@code RestProxy}, which a native image must know at build time. One
 * holder per interface, as in {@link StorageQueueProxies}.
 */
final class DataTablesProxies {

    private DataTablesProxies() {
    }

    /** Entities and tables: every call of {@code TableAsyncClient} the service makes goes through this one. */
    @RegisterForProxy(targets = TablesImpl.TablesService.class)
    static final class Tables {
    }

    /** Account-level calls; built with every {@code AzureTableImpl}. */
    @RegisterForProxy(targets = ServicesImpl.ServicesService.class)
    static final class Services {
    }

    /** Entity group transactions; built with every {@code AzureTableImpl}. */
    @RegisterForProxy(targets = TransactionalBatchImpl.TransactionalBatchService.class)
    static final class TransactionalBatch {
    }
}
