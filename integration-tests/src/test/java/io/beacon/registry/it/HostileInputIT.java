package io.beacon.registry.it;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.HeartbeatRequest;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.it.BoltFrames.Answer;
import io.beacon.registry.it.OfficialClient.Recorder;
import io.beacon.registry.testing.Awaits;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames naming classes outside the allowlist, hostile classes hidden inside allowed messages,
 * malformed Hessian bodies and non-Bolt bytes, sent to the client port and to every internal port:
 * each is refused, nothing is instantiated, and an official client publishing and subscribing
 * meanwhile never notices.
 */
class HostileInputIT {

  /** Set if the canary class is ever initialized: a hostile stream must never get that far. */
  static final AtomicBoolean CANARY_INITIALIZED = new AtomicBoolean();

  private static InProcessCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.builder().metaNodes(1).dataNodes(2).sessionNodes(1).build();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void everyHostileFrameIsRefusedWhileAnOfficialClientKeepsWorking() throws Exception {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("session client", cluster.session(0).clientPort());
    ports.put("session internal", cluster.session(0).internalPort());
    ports.put("data", cluster.data(0).rpcPort());
    ports.put("meta", cluster.meta(0).rpcPort());
    Map<String, String> frameClassByPort =
        Map.of(
            "session client", PublisherRegister.class.getName(),
            "session internal", DataChangeNotice.class.getName(),
            "data", WriteBatchRequest.class.getName(),
            "meta", HeartbeatRequest.class.getName());

    List<String> gadgets =
        List.of(
            "java.net.URL",
            "javax.management.BadAttributeValueExpException",
            "org.springframework.aop.support.DefaultBeanFactoryPointcutAdvisor",
            "com.sun.rowset.JdbcRowSetImpl",
            Canary.class.getName());

    ExecutorService background = Executors.newSingleThreadExecutor();
    try (OfficialClient client = OfficialClient.pinnedTo(cluster.session(0))) {
      String dataId = "hostile-" + ThreadLocalRandom.current().nextInt(1_000_000);
      Recorder recorder = client.subscribe(dataId, ScopeEnum.dataCenter);
      Publisher publisher = client.publish(dataId, "round-0");
      await().untilAsserted(() -> assertThat(recorder.values()).containsExactly("round-0"));

      // The official client republishes and waits for each push while the attacks run.
      AtomicBoolean attacking = new AtomicBoolean(true);
      AtomicInteger roundsDuringAttack = new AtomicInteger();
      Future<?> load =
          background.submit(
              () -> {
                for (int round = 1; round <= 2_000 && attacking.get(); round++) {
                  String value = "round-" + round;
                  publisher.republish(value);
                  await().untilAsserted(() -> assertThat(recorder.values()).containsExactly(value));
                  roundsDuringAttack.incrementAndGet();
                }
              });

      List<String> accepted = new ArrayList<>();
      for (Map.Entry<String, Integer> port : ports.entrySet()) {
        String frameClass = frameClassByPort.get(port.getKey());
        List<Attempt> attempts = new ArrayList<>();
        for (String gadget : gadgets) {
          attempts.add(new Attempt("header names " + gadget, gadget, BoltFrames.typedMap(gadget)));
          attempts.add(
              new Attempt("body is typed map " + gadget, frameClass, BoltFrames.typedMap(gadget)));
          attempts.add(
              new Attempt("body is object " + gadget, frameClass, BoltFrames.typedObject(gadget)));
          attempts.add(
              new Attempt(
                  "hidden in PublisherRegister " + gadget,
                  frameClass,
                  BoltFrames.publisherRegisterHiding(gadget)));
        }
        BoltFrames.malformedBodies()
            .forEach((name, body) -> attempts.add(new Attempt(name, frameClass, body)));

        for (Attempt attempt : attempts) {
          Answer answer = BoltFrames.send(port.getValue(), attempt.frameClass(), attempt.body());
          if (!answer.isRefusal()) {
            accepted.add(port.getKey() + ": " + attempt.name() + " -> " + answer);
          }
        }
        Answer garbage = BoltFrames.sendGarbage(port.getValue(), randomBytes());
        if (!garbage.isRefusal()) {
          accepted.add(port.getKey() + ": random bytes -> " + garbage);
        }
      }
      int roundsWhileAttacked = roundsDuringAttack.get();
      attacking.set(false);
      load.get(Awaits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      assertThat(accepted).isEmpty();
      assertThat(CANARY_INITIALIZED).isFalse();
      assertThat(roundsWhileAttacked)
          .as("publish/push rounds completed during the attacks")
          .isPositive();
      System.out.printf(
          "hostile frames refused; %d publish/push rounds during the attacks%n",
          roundsWhileAttacked);
    } finally {
      background.shutdownNow();
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[256];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] = (byte) 0x7e; // not a known Bolt protocol code
    return bytes;
  }

  private record Attempt(String name, String frameClass, byte[] body) {}

  /** Sets {@link #CANARY_INITIALIZED} if initialized or instantiated; it must never be. */
  static final class Canary implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    static {
      CANARY_INITIALIZED.set(true);
    }

    String val;
  }
}
