package io.beacon.registry.common.rpc;

/** A call that did not produce a response: the peer was unreachable, timed out or failed. */
public final class RpcException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the call failed. */
  public enum Kind {
    /** No connection could be made, or it closed before the answer. */
    UNREACHABLE,
    /** No answer within the timeout. */
    TIMEOUT,
    /** The peer answered with an error status (refused frame, handler failure, busy). */
    REMOTE,
    /** The answer could not be decoded, or was of an unexpected type. */
    CODEC
  }

  private final Kind kind;

  public RpcException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
