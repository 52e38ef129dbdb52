package io.beacon.registry.session.rpc;

import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.registration.Configurator;
import io.beacon.registry.session.registration.RegistrationValidator;
import io.beacon.registry.session.registration.SessionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client watches a config key. As in the reference with config watching off (its default), the
 * watcher is answered and then pushed one {@link ReceivedConfigData} with no value; config values
 * themselves come with the meta tier's provide data. Runs on the client RPC executor.
 */
public final class ConfiguratorRegisterHandler implements RpcHandler<ConfiguratorRegister> {

  private static final Logger log = LoggerFactory.getLogger(ConfiguratorRegisterHandler.class);

  private final RegistrationValidator validator;
  private final SessionRegistry registry;
  private final ClientConnections connections;
  private final Duration pushTimeout;

  public ConfiguratorRegisterHandler(
      RegistrationValidator validator,
      SessionRegistry registry,
      ClientConnections connections,
      Duration pushTimeout) {
    this.validator = validator;
    this.registry = registry;
    this.connections = connections;
    this.pushTimeout = pushTimeout;
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
      return RegisterResponses.accepted(register);
    }
    DataInfo dataInfo =
        new DataInfo(register.getDataId(), register.getInstanceId(), register.getGroup());
    registry.putConfigurator(
        new Configurator(
            register.getRegistId(), dataInfo, connectId, RegisterResponses.versionOf(register)));
    ReceivedConfigData config = new ReceivedConfigData();
    config.setDataId(dataInfo.dataId());
    config.setGroup(dataInfo.group());
    config.setInstanceId(dataInfo.instanceId());
    config.setConfiguratorRegistIds(new ArrayList<>(List.of(register.getRegistId())));
    config.setVersion(Datum.EMPTY_PUSH_VERSION);
    Tasks.whenComplete(
        connection.invoke(config, pushTimeout),
        "configurator push answer",
        (answer, error) -> {
          if (error != null) {
            log.info(
                "config push failed registId={} error={}",
                register.getRegistId(),
                error.getMessage());
          }
        });
    return RegisterResponses.accepted(register);
  }
}
