package io.beacon.registry.session.rpc;

import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.push.PushScheduler;
import io.beacon.registry.session.push.PushSender;
import io.beacon.registry.session.registration.RegistrationValidator;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.registration.Subscriber;

/**
 * A client subscribes or unsubscribes. A new subscriber is answered at once and then gets its first
 * push (empty if there is no data). Runs on the client RPC executor.
 */
public final class SubscriberRegisterHandler implements RpcHandler<SubscriberRegister> {

  private final RegistrationValidator validator;
  private final SessionRegistry registry;
  private final ClientConnections connections;
  private final PushScheduler pushes;
  private final PushSender sender;

  public SubscriberRegisterHandler(
      RegistrationValidator validator,
      SessionRegistry registry,
      ClientConnections connections,
      PushScheduler pushes,
      PushSender sender) {
    this.validator = validator;
    this.registry = registry;
    this.connections = connections;
    this.pushes = pushes;
    this.sender = sender;
  }

  @Override
  public Object handle(SubscriberRegister register, RpcConnection connection) {
    String connectId = connections.register(connection);
    String problem = validator.checkSubscriber(register);
    if (problem != null) {
      return RegisterResponses.refused(register, problem);
    }
    if (RegistrationValidator.UNREGISTER.equals(register.getEventType())) {
      Subscriber removed = registry.removeSubscriber(register.getRegistId());
      if (removed != null) {
        sender.forget(removed);
        pushes.release(removed.dataInfoId());
      }
      return RegisterResponses.accepted(register);
    }
    Subscriber subscriber =
        new Subscriber(
            register.getRegistId(),
            new DataInfo(register.getDataId(), register.getInstanceId(), register.getGroup()),
            register.getScope() == null ? "zone" : register.getScope(),
            PublisherRegisterHandler.zoneOf(register.getZone()),
            register.getAppName(),
            connectId,
            RegisterResponses.versionOf(register));
    Subscriber replaced = registry.putSubscriber(subscriber);
    if (replaced != null && !replaced.connectId().equals(connectId)) {
      sender.forget(replaced);
    }
    if (replaced != null && !replaced.dataInfoId().equals(subscriber.dataInfoId())) {
      pushes.release(replaced.dataInfoId());
    }
    pushes.onSubscribe(subscriber);
    return RegisterResponses.accepted(register);
  }
}
