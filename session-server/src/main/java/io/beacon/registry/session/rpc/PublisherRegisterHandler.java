package io.beacon.registry.session.rpc;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.registration.Admission;
import io.beacon.registry.session.registration.Placement;
import io.beacon.registry.session.registration.RegistrationValidator;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.trace.PushTracer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A client publishes or unpublishes. The registration is stored in memory and queued for the data
 * leader, and the client is answered at once (the write to data is asynchronous, as in the
 * reference). Each accepted write is reported to the push tracer with the time it was stamped, so
 * that pushes of the datum it produces can show when the publish was accepted. Runs on the Bolt I/O
 * thread that decoded the request ({@code RpcServer.ON_IO_THREAD}, see {@code ClientPort} and ADR
 * 0003), so it must never block: it takes only short registry and queue locks.
 *
 * <p>Switches: a publisher from a blacklisted IP, or to a blacklisted dataInfoId, is kept blocked
 * (not written to data, restored when the blacklist lets it go); one from a client-off IP is
 * dropped; either way the client gets success, as the reference answers. The decision is taken by
 * the registry under its lock, with the switches current then ({@link #admission}), so a switch
 * change that is being applied meanwhile either sees this publisher or was seen by it.
 */
public final class PublisherRegisterHandler implements RpcHandler<PublisherRegister> {

  private final RegistrationValidator validator;
  private final SessionRegistry registry;
  private final ClientConnections connections;
  private final Consumer<PublisherWrite> writes;
  private final ProcessId processId;
  private final InstantSource clock;
  private final Supplier<RegistrySwitches> switches;
  private final PushTracer tracer;

  public PublisherRegisterHandler(
      RegistrationValidator validator,
      SessionRegistry registry,
      ClientConnections connections,
      Consumer<PublisherWrite> writes,
      ProcessId processId,
      InstantSource clock,
      Supplier<RegistrySwitches> switches,
      PushTracer tracer) {
    this.switches = switches;
    this.tracer = tracer;
    this.validator = validator;
    this.registry = registry;
    this.connections = connections;
    this.writes = writes;
    this.processId = processId;
    this.clock = clock;
  }

  @Override
  public Object handle(PublisherRegister register, RpcConnection connection) {
    return handle(register, connections.register(connection));
  }

  /** Handles {@code register} arriving over the connection named {@code connectId}. */
  Object handle(PublisherRegister register, String connectId) {
    String problem = validator.checkPublisher(register);
    if (problem != null) {
      return RegisterResponses.refused(register, problem);
    }
    DataInfo dataInfo =
        new DataInfo(register.getDataId(), register.getInstanceId(), register.getGroup());
    long nowMillis = clock.millis();
    RegisterVersion version =
        registry.stamp(
            register.getRegistId(), RegisterResponses.versionOf(register), connectId, nowMillis);
    if (RegistrationValidator.UNREGISTER.equals(register.getEventType())) {
      registry.removePublisher(register.getRegistId());
      submitRemoval(dataInfo, register, version, nowMillis);
      return RegisterResponses.accepted(register);
    }
    Publisher publisher =
        new Publisher(
            dataInfo.id(),
            register.getRegistId(),
            values(register.getDataList()),
            version,
            zoneOf(register.getZone()),
            register.getAppName(),
            connectId,
            processId);
    Placement placement = registry.putPublisher(publisher, this::admission);
    if (placement.outcome() == Placement.Outcome.STORED) {
      // Before the write leaves: its datum may be fetched before this thread runs again.
      tracer.onAccepted(dataInfo.id(), register.getRegistId(), version, false, nowMillis);
      writes.accept(new PublisherPut(publisher));
    } else if (placement.displaced() != null) {
      // Blocked or dropped: the publisher this registration held before leaves data.
      submitRemoval(dataInfo, register, version, nowMillis);
    }
    return RegisterResponses.accepted(register);
  }

  /** What the switches current now say of {@code publisher}; asked under the registry's lock. */
  private Admission admission(Publisher publisher) {
    RegistrySwitches current = switches.get();
    String clientIp = publisher.clientIp();
    if (current.isClientOff(clientIp)) {
      return Admission.DROP;
    }
    return current.blocksPublisher(clientIp, publisher.dataInfoId())
        ? Admission.BLOCK
        : Admission.STORE;
  }

  private void submitRemoval(
      DataInfo dataInfo, PublisherRegister register, RegisterVersion version, long nowMillis) {
    tracer.onAccepted(dataInfo.id(), register.getRegistId(), version, true, nowMillis);
    writes.accept(new PublisherRemoval(dataInfo.id(), register.getRegistId(), version, processId));
  }

  static String zoneOf(String zone) {
    return zone == null || zone.isBlank() ? "DEFAULT_ZONE" : zone;
  }

  private static List<String> values(List<DataBox> boxes) {
    if (boxes == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>(boxes.size());
    for (DataBox box : boxes) {
      if (box != null && box.getData() != null) {
        values.add(box.getData());
      }
    }
    return values;
  }
}
