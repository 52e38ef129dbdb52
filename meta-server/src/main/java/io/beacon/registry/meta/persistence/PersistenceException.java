package io.beacon.registry.meta.persistence;

/** A database operation failed; the message names the operation and the cluster. Unchecked. */
public final class PersistenceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String operation;

  public PersistenceException(String operation, Throwable cause) {
    super("database operation failed: op=" + operation + " cause=" + cause, cause);
    this.operation = operation;
  }

  /** The failed operation, e.g. {@code tryAcquire cluster=c1}. */
  public String operation() {
    return operation;
  }
}
