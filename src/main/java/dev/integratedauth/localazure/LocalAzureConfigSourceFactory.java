package dev.integratedauth.localazure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;


import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Dev mode's default: unless {@code KEY_VAULT_URL}, {@code STORAGE_QUEUE_URL}, {@code STORAGE_TABLE_URL} and
 * {@code THIRD_PARTY_API_ENDPOINT} are all set, point the service at the local Azure (which {@link DevLocalAzure}
 * starts). In any other profile this adds nothing.
 */
public class LocalAzureConfigSourceFactory implements ConfigSourceFactory {

    static final List<String> AZURE_VARIABLES = List.of("KEY_VAULT_URL", "STORAGE_QUEUE_URL",
            "STORAGE_TABLE_URL", "THIRD_PARTY_API_ENDPOINT");
    static final String ENABLED = "local-azure.enabled";
    static final String PORT_HTTP = "local-azure.port.http";
    static final String PORT_HTTPS = "local-azure.port.https";
    static final String PORT_QUEUE = "local-azure.port.queue";
    static final String PORT_TABLE = "local-azure.port.table";
    /** Above application.properties (250), below the process environment (300). */
    private static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")) {
            return List.of();
        }
        boolean realAzure = AZURE_VARIABLES.stream().allMatch(name -> isSet(context.getValue(name)));
        if (realAzure) {
            return List.of(new PropertiesConfigSource(Map.of(ENABLED, "false"), "local-azure", ORDINAL));
        }
        LocalAzureEndpoints endpoints = new LocalAzureEndpoints(
                port(context, PORT_HTTP, LocalAzureEndpoints.DEV.http()),
                port(context, PORT_HTTPS, LocalAzureEndpoints.DEV.https()),
                port(context, PORT_QUEUE, LocalAzureEndpoints.DEV.queue()),
                port(context, PORT_TABLE, LocalAzureEndpoints.DEV.table()));
        Map<String, String> config = new HashMap<>(endpoints.serviceConfig(LocalTls.in(LocalTls.PROJECT_DIRECTORY)));
        config.put(ENABLED, "true");
        config.put(PORT_HTTP, Integer.toString(endpoints.http()));
        config.put(PORT_HTTPS, Integer.toString(endpoints.https()));
        config.put(PORT_QUEUE, Integer.toString(endpoints.queue()));
        config.put(PORT_TABLE, Integer.toString(endpoints.table()));
        return List.of(new PropertiesConfigSource(config, "local-azure", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static int port(ConfigSourceContext context, String name, int fallback) {
        ConfigValue value = context.getValue(name);
        return isSet(value) ? Integer.parseInt(value.getValue()) : fallback;
    }

}
