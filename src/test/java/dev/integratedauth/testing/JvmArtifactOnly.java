package dev.integratedauth.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A packaged-app test that runs against the JVM jar only, never the native executable ({@link PackagedApp}), for the
 * reason given: the report shows it as skipped with that reason in the native run.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@ExtendWith(JvmArtifactOnly.Condition.class)
public @interface JvmArtifactOnly {

    /** Why it cannot, or need not, run against the native executable. */
    String value();

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!PackagedApp.isNative()) {
                return ConditionEvaluationResult.enabled("the JVM jar is under test");
            }
            return context.getElement()
                    .flatMap(element -> AnnotationSupport.findAnnotation(element, JvmArtifactOnly.class))
                    .map(only -> ConditionEvaluationResult.disabled("JVM only: " + only.value()))
                    .orElse(ConditionEvaluationResult.enabled("runs on the native executable too"));
        }
    }
}
