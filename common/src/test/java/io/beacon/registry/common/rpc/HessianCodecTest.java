package io.beacon.registry.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.remoting.exception.CodecException;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.caucho.hessian.io.Hessian2Output;
import io.beacon.registry.common.digest.DigestDiff;
import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.DatumDelta;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.FetchDatumResponse;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.HeartbeatResponse;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HessianCodecTest {

  private final HessianCodec codec = HessianCodec.instance();
  private final ProcessId process = new ProcessId("127.0.0.1", 1L, 2L, 3);

  @Test
  void protocolRecordsRoundTrip() throws Exception {
    Publisher publisher =
        new Publisher(
            "a#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP",
            "reg-1",
            List.of("v1", "v2"),
            new RegisterVersion(3, 44),
            "DEFAULT_ZONE",
            "app",
            "1.1.1.1:1_2.2.2.2:9600",
            process);
    WriteBatchRequest batch =
        new WriteBatchRequest(
            process,
            7,
            10,
            11,
            List.of(
                new PublisherPut(publisher),
                new PublisherRemoval(
                    publisher.dataInfoId(), "reg-0", new RegisterVersion(1, 2), process)));
    assertThat(roundTrip(batch)).isEqualTo(batch);

    SlotTable table =
        new SlotTable(
            5, List.of(new Slot(0, "d1:9620", 4, List.of("d2:9620")), new Slot(1, null, 0, null)));
    NodeInfo node = new NodeInfo(NodeRole.DATA, "d1:9620", null, "d1:9622", process, "DC", "ZONE");
    HeartbeatResponse response =
        new HeartbeatResponse(Status.OK, "m:9610", table, 5, List.of(), List.of(node));
    assertThat(roundTrip(response)).isEqualTo(response);
    assertThat(roundTrip(new HeartbeatRequest(node, 3))).isEqualTo(new HeartbeatRequest(node, 3));

    FetchDatumResponse fetch =
        new FetchDatumResponse(Status.OK, 5, List.of(new Datum("x", 9, List.of(publisher))));
    assertThat(roundTrip(fetch)).isEqualTo(fetch);

    FetchDatumRequest fetchSince =
        new FetchDatumRequest(3, 5, 4, List.of("x", "y"), List.of(0L, 1_765_000_000_123_456L));
    assertThat(roundTrip(fetchSince)).isEqualTo(fetchSince);
    FetchDatumResponse delta =
        new FetchDatumResponse(
            Status.OK,
            5,
            List.of(),
            List.of(new DatumDelta("x", 8, 9, List.of(publisher), List.of("reg-0"))));
    assertThat(roundTrip(delta)).isEqualTo(delta);
  }

  @Test
  void aFetchFromASessionThatNamesNoKnownVersionsDecodesWithNone() throws Exception {
    // What a session built before deltas sends: the record without its knownVersions field.
    Map<String, Object> fields =
        Map.of("slotId", 3, "tableEpoch", 5L, "leaderEpoch", 4L, "dataInfoIds", List.of("x"));
    byte[] body = typedMapWith(FetchDatumRequest.class.getName(), fields);

    FetchDatumRequest decoded = codec.deserialize(body, FetchDatumRequest.class.getName());

    assertThat(decoded).isEqualTo(new FetchDatumRequest(3, 5, 4, List.of("x")));
    assertThat(decoded.knownVersions()).isEmpty();
  }

  @Test
  void digestRecordsRoundTrip() throws Exception {
    Publisher publisher =
        new Publisher(
            "d#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP",
            "r1",
            List.of("v"),
            new RegisterVersion(2, 7),
            "DEFAULT_ZONE",
            "app",
            "1.1.1.1:1_2.2.2.2:9600",
            process);
    SlotDigest digest = SlotDigest.ofPublishers(List.of(publisher));
    PublisherSummary summary = PublisherSummary.of(publisher.dataInfoId(), List.of(publisher));
    assertThat(roundTrip(digest)).isEqualTo(digest);
    assertThat(roundTrip(summary)).isEqualTo(summary);
    assertThat(roundTrip(DigestDiff.between(SlotDigest.EMPTY, digest)))
        .isEqualTo(DigestDiff.between(SlotDigest.EMPTY, digest));
  }

  @Test
  void repeatedRecordsInOneStreamKeepTheirReferences() throws Exception {
    Datum a = Datum.empty("a");
    List<Datum> list = new ArrayList<>(List.of(a, a, Datum.empty("b"), a));
    FetchDatumResponse response = new FetchDatumResponse(Status.OK, 1, list);
    assertThat(roundTrip(response)).isEqualTo(response);
  }

  @Test
  void clientModelRoundTrips() throws Exception {
    PublisherRegister register = new PublisherRegister();
    register.setDataId("svc");
    register.setVersion(2L);
    register.setDataList(new ArrayList<>(List.of(new DataBox("x"))));
    PublisherRegister decoded = (PublisherRegister) roundTrip(register);
    assertThat(decoded.getDataList()).extracting(DataBox::getData).containsExactly("x");
    assertThat(decoded.getVersion()).isEqualTo(2L);
  }

  @Test
  void aStreamNamingAClassOutsideTheAllowlistIsRefusedBeforeTheClassLoads() throws IOException {
    byte[] body = typedMap(Canary.class.getName());
    assertThatThrownBy(() -> codec.deserialize(body, PublisherRegister.class.getName()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("not allowed");
    assertThat(CANARY_INITIALIZED).isFalse();

    for (String gadget :
        List.of(
            "java.net.URL",
            "javax.management.BadAttributeValueExpException",
            "org.springframework.aop.support.DefaultBeanFactoryPointcutAdvisor",
            "[java.net.URL",
            "io.beacon.registry.common.protocol.sub.Evil")) {
      assertThatThrownBy(() -> codec.deserialize(typedMap(gadget), "x"))
          .as(gadget)
          .isInstanceOf(CodecException.class);
      assertThatThrownBy(() -> codec.deserialize(typedObject(gadget), "x"))
          .as(gadget)
          .isInstanceOf(CodecException.class);
    }
  }

  @Test
  void malformedBytesAreRefused() {
    String frameClass = PublisherRegister.class.getName();
    assertThatThrownBy(() -> codec.deserialize(new byte[] {'O', 0x7f, 1, 2}, frameClass))
        .isInstanceOf(CodecException.class);
    // Decodes as a number: refused because the frame names another type.
    assertThatThrownBy(() -> codec.deserialize(new byte[] {(byte) 0xff, (byte) 0xfe}, frameClass))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> codec.deserialize(new byte[] {'M', 't', 0, 1}, frameClass))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void aBodyOfAnotherTypeThanTheFrameNamesIsRefused() throws Exception {
    byte[] body = codec.serialize(Map.of("dataId", "x"));
    assertThatThrownBy(() -> codec.deserialize(body, PublisherRegister.class.getName()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("carries");
  }

  @Test
  void aRecordWhoseConstructorRejectsTheValuesIsRefused() throws Exception {
    // Slot forbids a leader that is also a follower; the decoded message must not bypass that.
    Map<String, Object> fields = Map.of("id", 0, "leader", "a", "followers", List.of("a"));
    byte[] body = typedMapWith(Slot.class.getName(), fields);
    assertThatThrownBy(() -> codec.deserialize(body, Slot.class.getName()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("also follower");
  }

  @Test
  void throwablesAreSentAsTheirMessageOnly() throws Exception {
    byte[] body = codec.serialize(new IllegalStateException("boom"));
    Object decoded = codec.deserialize(body, null);
    assertThat(decoded).isEqualTo("boom");
  }

  private Object roundTrip(Object value) throws Exception {
    return codec.deserialize(codec.serialize(value), value.getClass().getName());
  }

  static byte[] typedMap(String type) throws IOException {
    return typedMapWith(type, Map.of("k", "v"));
  }

  static byte[] typedMapWith(String type, Map<String, Object> fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    out.writeMapBegin(type);
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      out.writeString(e.getKey());
      out.writeObject(e.getValue());
    }
    out.writeMapEnd();
    out.close();
    return bytes.toByteArray();
  }

  static byte[] typedObject(String type) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    out.writeObjectBegin(type);
    out.writeClassFieldLength(1);
    out.writeString("host");
    out.writeObjectBegin(type);
    out.writeString("evil.example");
    out.close();
    return bytes.toByteArray();
  }

  static final AtomicBoolean CANARY_INITIALIZED = new AtomicBoolean();

  /** Sets {@link #CANARY_INITIALIZED} if it is ever initialized or instantiated: it must not be. */
  static final class Canary implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    static {
      CANARY_INITIALIZED.set(true);
    }

    String k;
  }
}
