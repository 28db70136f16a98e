package dev.integratedauth;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/configuration.md lists every setting of the service's {@code @ConfigMapping}s, with the default its
 * {@code @WithDefault} declares (the one place a default lives) or the environment variable application.properties
 * binds it to: a setting added, renamed or given another default without the reference following fails here, with the
 * rows to write.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Path.of("docs/configuration.md");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    /** {@code app.x.y=${VARIABLE}} or {@code ${VARIABLE:fallback}}: a setting bound to an environment variable. */
    private static final Pattern BINDING = Pattern.compile("^(app\\.[\\w.-]+)=\\$\\{(\\w+)(?::([^}]*))?}$");

    @Test
    void theReferenceListsEverySettingWithItsDefault() throws IOException {
        Map<String, String> settings = new TreeMap<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.integratedauth").stream()
                .filter(type -> type.isAnnotatedWith(ConfigMapping.class))
                .map(type -> type.reflect())
                .sorted(Comparator.comparing(Class::getName))
                .forEach(mapping -> collect(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), settings));
        for (String line : Files.readAllLines(PROPERTIES)) {
            Matcher binding = BINDING.matcher(line.trim());
            if (binding.matches() && settings.containsKey(binding.group(1))) {
                String fallback = binding.group(3) == null || binding.group(3).isEmpty() ? ""
                        : ", else `" + binding.group(3) + "`";
                settings.put(binding.group(1), "from `" + binding.group(2) + "`" + fallback);
            }
        }
        String reference = Files.readString(REFERENCE);
        List<String> missing = new ArrayList<>();
        settings.forEach((key, value) -> {
            String row = "| `" + key + "` | " + value + " |";
            if (!reference.contains(row)) {
                missing.add(row);
            }
        });
        assertEquals(List.of(), missing, "rows docs/configuration.md lacks (key, default):");
    }

    private static void collect(Class<?> group, String prefix, Map<String, String> settings) {
        for (Method method : group.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            Method declared = mostSpecific(group, method);
            String key = prefix + "." + kebab(declared.getName());
            Class<?> type = declared.getReturnType();
            if (type.isInterface() && type.getName().startsWith("dev.integratedauth")) {
                collect(type, key, settings);
                continue;
            }
            WithDefault value = declared.getAnnotation(WithDefault.class);
            settings.put(key, value != null ? "`" + value.value() + "`"
                    : type == Optional.class ? "none" : "required");
        }
    }

    /** The declaration in {@code group} itself if it overrides one of a super-interface (to add its default). */
    private static Method mostSpecific(Class<?> group, Method method) {
        try {
            return group.getDeclaredMethod(method.getName());
        } catch (NoSuchMethodException inherited) {
            return method;
        }
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
