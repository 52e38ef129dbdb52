package io.beacon.registry.common.config;

import java.util.List;

/**
 * A process was given {@code beacon.*} properties that none of its settings binds: a misspelled or
 * misplaced key, which would otherwise be ignored silently. The message has one line per key, each
 * naming the nearest known property ({@link PropertyCatalog#check}). Immutable.
 */
public final class UnknownPropertyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public UnknownPropertyException(List<String> problems) {
    super(message(problems));
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: [] (expected: at least one)");
    }
    return String.join("\n", problems);
  }

  /** One message per unknown key. */
  public List<String> problems() {
    return List.of(getMessage().split("\n", -1));
  }
}
