package io.beacon.registry.client;

/**
 * The session server refused a registration ({@code RegisterResponse.refused}), for example because
 * it failed validation or a limit was reached. The registration is dead afterwards: it is not
 * retried, and a publication refuses to be republished.
 */
public final class RegistrationRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RegistrationRefusedException(String message) {
    super(message);
  }
}
