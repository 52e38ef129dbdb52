package io.beacon.registry.session.rpc;

import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;

/**
 * The answers the official client understands. It counts a registration as done only when the
 * answer echoes the version it sent; a refusal must still say {@code success=true}, or the client
 * retries forever.
 */
final class RegisterResponses {

  private RegisterResponses() {}

  static RegisterResponse accepted(BaseRegister register) {
    RegisterResponse response = new RegisterResponse();
    response.setSuccess(true);
    response.setRegistId(register.getRegistId());
    response.setVersion(versionOf(register));
    response.setMessage("ok");
    return response;
  }

  static RegisterResponse refused(BaseRegister register, String message) {
    RegisterResponse response = new RegisterResponse();
    response.setSuccess(true);
    response.setRefused(true);
    response.setRegistId(register.getRegistId());
    response.setVersion(versionOf(register));
    response.setMessage(message);
    return response;
  }

  static long versionOf(BaseRegister register) {
    return register.getVersion() == null ? 0L : register.getVersion();
  }
}
