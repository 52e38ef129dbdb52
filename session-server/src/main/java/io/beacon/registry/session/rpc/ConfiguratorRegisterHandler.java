package io.beacon.registry.session.rpc;

import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.ConfigPushes;
import io.beacon.registry.session.registration.Configurator;
import io.beacon.registry.session.registration.RegistrationValidator;
import io.beacon.registry.session.registration.SessionRegistry;

/**
 * A client watches a config key ({@code ConfiguratorRegistration}). The watcher is stored and
 * answered, then {@link ConfigPushes} pushes it the provide data of its dataInfoId and every later
 * change of it. (The reference's 6.3.0 pushes one empty value and nothing after; with its {@code
 * watchConfigEnable} it would push values, but its fetch from meta is unimplemented.) Runs on the
 * client RPC executor.
 */
public final class ConfiguratorRegisterHandler implements RpcHandler<ConfiguratorRegister> {

  private final RegistrationValidator validator;
  private final SessionRegistry registry;
  private final ClientConnections connections;
  private final ConfigPushes configs;

  public ConfiguratorRegisterHandler(
      RegistrationValidator validator,
      SessionRegistry registry,
      ClientConnections connections,
      ConfigPushes configs) {
    this.validator = validator;
    this.registry = registry;
    this.connections = connections;
    this.configs = configs;
  }

  @Override
  public Object handle(ConfiguratorRegister register, RpcConnection connection) {
    String connectId = connections.register(connection);
    String problem = validator.checkCommon(register);
    if (problem != null) {
      return RegisterResponses.refused(register, problem);
    }
    if (RegistrationValidator.UNREGISTER.equals(register.getEventType())) {
      registry.removeConfigurator(register.getRegistId());
      configs.forget(register.getRegistId());
      return RegisterResponses.accepted(register);
    }
    Configurator configurator =
        new Configurator(
            register.getRegistId(),
            new DataInfo(register.getDataId(), register.getInstanceId(), register.getGroup()),
            connectId,
            RegisterResponses.versionOf(register));
    registry.putConfigurator(configurator);
    configs.onRegister(configurator);
    return RegisterResponses.accepted(register);
  }
}
