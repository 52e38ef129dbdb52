package io.beacon.registry.common.app;

import io.beacon.registry.common.config.UnknownPropertyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link UnknownPropertyException} as Spring Boot reports a failed start ("APPLICATION
 * FAILED TO START"), one line per unknown key, instead of a stack trace. Registered in {@code
 * META-INF/spring.factories}; stateless.
 */
public final class UnknownPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<UnknownPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertyException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Correct or remove the key. Every property of every role, with its type, default and"
            + " meaning, is listed in docs/configuration.md.",
        cause);
  }
}
