package dev.integratedauth.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * azure-data-tables 12.5.9 ships no native-image configuration (only {@code azure-data-tables.properties}, which
 * application.properties includes as a resource). As for the queue: azure-core's REST proxy creates the typed
 * response-header classes through their constructors, {@code ExpandableStringEnum.fromString} creates the enums through
 * their no-argument constructors, and the error bodies are read into the error models; register every type of both
 * model packages with constructors, methods and fields. By name, because some are package-private.
 * {@code NativeImageConfigIT} checks this list against the classes in the jar.
 */
@RegisterForReflection(classNames = {
        // com.azure.data.tables.models: the public results, options and errors.
        "com.azure.data.tables.models.ListEntitiesOptions",
        "com.azure.data.tables.models.ListTablesOptions",
        "com.azure.data.tables.models.TableAccessPolicies",
        "com.azure.data.tables.models.TableAccessPolicy",
        "com.azure.data.tables.models.TableEntity",
        "com.azure.data.tables.models.TableEntityUpdateMode",
        "com.azure.data.tables.models.TableErrorCode",
        "com.azure.data.tables.models.TableItem",
        "com.azure.data.tables.models.TableServiceCorsRule",
        "com.azure.data.tables.models.TableServiceError",
        "com.azure.data.tables.models.TableServiceException",
        "com.azure.data.tables.models.TableServiceGeoReplication",
        "com.azure.data.tables.models.TableServiceGeoReplicationStatus",
        "com.azure.data.tables.models.TableServiceLogging",
        "com.azure.data.tables.models.TableServiceMetrics",
        "com.azure.data.tables.models.TableServiceProperties",
        "com.azure.data.tables.models.TableServiceRetentionPolicy",
        "com.azure.data.tables.models.TableServiceStatistics",
        "com.azure.data.tables.models.TableSignedIdentifier",
        "com.azure.data.tables.models.TableTransactionAction",
        "com.azure.data.tables.models.TableTransactionActionResponse",
        "com.azure.data.tables.models.TableTransactionActionType",
        "com.azure.data.tables.models.TableTransactionFailedException",
        "com.azure.data.tables.models.TableTransactionResult",
        // com.azure.data.tables.implementation.models: wire models, typed response headers, batch parts.
        "com.azure.data.tables.implementation.models.MultipartPart",
        "com.azure.data.tables.implementation.models.OdataMetadataFormat",
        "com.azure.data.tables.implementation.models.QueryOptions",
        "com.azure.data.tables.implementation.models.ResponseFormat",
        "com.azure.data.tables.implementation.models.ServicesGetPropertiesHeaders",
        "com.azure.data.tables.implementation.models.ServicesGetStatisticsHeaders",
        "com.azure.data.tables.implementation.models.ServicesSetPropertiesHeaders",
        "com.azure.data.tables.implementation.models.TableEntityQueryResponse",
        "com.azure.data.tables.implementation.models.TableProperties",
        "com.azure.data.tables.implementation.models.TableQueryResponse",
        "com.azure.data.tables.implementation.models.TableResponse",
        "com.azure.data.tables.implementation.models.TableResponseProperties",
        "com.azure.data.tables.implementation.models.TableServiceError",
        "com.azure.data.tables.implementation.models.TableServiceErrorException",
        "com.azure.data.tables.implementation.models.TableServiceJsonError",
        "com.azure.data.tables.implementation.models.TableServiceJsonErrorException",
        "com.azure.data.tables.implementation.models.TableServiceOdataError",
        "com.azure.data.tables.implementation.models.TableServiceOdataErrorMessage",
        "com.azure.data.tables.implementation.models.TableSignedIdentifierWrapper",
        "com.azure.data.tables.implementation.models.TablesCreateHeaders",
        "com.azure.data.tables.implementation.models.TablesDeleteEntityHeaders",
        "com.azure.data.tables.implementation.models.TablesDeleteHeaders",
        "com.azure.data.tables.implementation.models.TablesGetAccessPolicyHeaders",
        "com.azure.data.tables.implementation.models.TablesInsertEntityHeaders",
        "com.azure.data.tables.implementation.models.TablesMergeEntityHeaders",
        "com.azure.data.tables.implementation.models.TablesQueryEntitiesHeaders",
        "com.azure.data.tables.implementation.models.TablesQueryEntityWithPartitionAndRowKeyHeaders",
        "com.azure.data.tables.implementation.models.TablesQueryHeaders",
        "com.azure.data.tables.implementation.models.TablesSetAccessPolicyHeaders",
        "com.azure.data.tables.implementation.models.TablesUpdateEntityHeaders",
        "com.azure.data.tables.implementation.models.TransactionalBatchAction$CreateEntity",
        "com.azure.data.tables.implementation.models.TransactionalBatchAction$DeleteEntity",
        "com.azure.data.tables.implementation.models.TransactionalBatchAction$UpdateEntity",
        "com.azure.data.tables.implementation.models.TransactionalBatchAction$UpsertEntity",
        "com.azure.data.tables.implementation.models.TransactionalBatchAction",
        "com.azure.data.tables.implementation.models.TransactionalBatchChangeSet",
        "com.azure.data.tables.implementation.models.TransactionalBatchRequestBody",
        "com.azure.data.tables.implementation.models.TransactionalBatchSubRequest",
        "com.azure.data.tables.implementation.models.TransactionalBatchSubmitBatchHeaders" })
final class DataTablesReflection {

    private DataTablesReflection() {
    }
}
