package dev.integratedauth.nativeimage;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

import org.graalvm.nativeimage.hosted.Feature;

/**
 * azure-core 1.58.1 calls the typed response constructors and the models' {@code fromXml}/{@code fromJson} of every
 * answer through {@code java.lang.invoke} method handles ({@code ReflectionUtilsMethodHandle}). A native image runs
 * method handles by interpreting their lambda forms: 4.5 % of the executable's CPU under load went there (perf, at 64
 * connections). The classic {@code java.lang.reflect} implementation that azure-core ships as its fallback
 * ({@code ReflectionUtilsClassic}) is a direct call in a native image, for the same registered members. This feature
 * puts the fallback into the image heap as {@code ReflectionUtils.INSTANCE}; the JVM is unaffected. Remove it when a
 * profile no longer shows {@code MethodHandleReflectiveInvoker} (azure-core choosing by itself, or native method
 * handles compiled).
 */
public final class AzureCoreClassicReflection implements Feature {

    @Override
    public String getDescription() {
        return "azure-core's classic reflection instead of its method handles";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        try {
            Field instance = access.findClassByName("com.azure.core.implementation.ReflectionUtils")
                    .getDeclaredField("INSTANCE");
            Constructor<?> classic = access.findClassByName("com.azure.core.implementation.ReflectionUtilsClassic")
                    .getDeclaredConstructor();
            classic.setAccessible(true);
            Object replacement = classic.newInstance();
            access.registerFieldValueTransformer(instance, (receiver, original) -> replacement);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("azure-core's reflection helpers changed: review "
                    + AzureCoreClassicReflection.class.getName(), e);
        }
    }
}
