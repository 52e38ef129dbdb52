package io.beacon.registry.session.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.session.clientoff.Blacklisting;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.registration.RegistrationValidator;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.settings.RegistrationLimits;
import io.beacon.registry.session.trace.PushTracer;
import io.beacon.registry.testing.ManualClock;
import io.beacon.registry.testing.Settings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Regression for the race "a publisher registered from an IP in the moments after its blacklist was
 * lifted is dropped and never appears, although the lift had already been answered".
 *
 * <p>{@link PublisherRegisterHandler} read the switches, still blacklisting the IP, before the lift
 * reached this session; the lift was then swapped in and its effects ran; only then did the handler
 * act on what it had read and drop the publisher, answering success. The official client never
 * sends again a registration it was answered success for, so the publisher was lost for good. Now
 * the decision is taken under the registry's lock with the switches current then, a blocked
 * publisher is kept, and the lift's reconcile takes that lock before it looks: whichever comes
 * first, the publisher ends up stored and written to data. (The third part of the fix, meta waiting
 * until every session holds the lift before it answers, is {@code SwitchPropagationIT}'s.)
 */
class BlacklistLiftRaceTest {

  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final String CLIENT_IP = "10.0.0.1";
  private static final String CONNECT_ID = CLIENT_IP + ":5001_127.0.0.1:9600";
  private static final RegistrySwitches BLACKLISTED =
      new RegistrySwitches(
          1,
          false,
          Set.of(),
          Set.of(CLIENT_IP),
          Set.of(),
          Set.of(),
          Set.of(),
          1,
          Set.of(),
          Map.of());
  private static final RegistrySwitches LIFTED =
      new RegistrySwitches(
          2, false, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 2, Set.of(), Map.of());

  private final ManualClock clock = new ManualClock();
  private final SessionRegistry registry = new SessionRegistry();
  private final List<PublisherWrite> writes = new CopyOnWriteArrayList<>();
  private final Blacklisting blacklisting =
      new Blacklisting(
          registry,
          writes::add,
          SESSION,
          clock,
          PushTracer.disabled(),
          subscriber -> {},
          subscriber -> {},
          configurator -> {});

  @Test
  void aPublisherDecidedWithTheBlacklistStillOnIsRestoredByTheLiftThatRacedIt() throws Exception {
    AtomicReference<RegistrySwitches> current = new AtomicReference<>(BLACKLISTED);
    AtomicReference<Thread> lift = new AtomicReference<>();
    // The handler reads the switches (under the registry's lock); right after that read the lift
    // arrives: it is swapped in and its reconcile starts on another thread, as SwitchEffects runs
    // it, and waits for the lock the handler holds.
    Supplier<RegistrySwitches> switches =
        () -> {
          RegistrySwitches read = current.get();
          if (lift.get() == null) {
            current.set(LIFTED);
            Thread reconcile = new Thread(() -> blacklisting.reconcile(LIFTED, true), "lift");
            lift.set(reconcile);
            reconcile.start();
          }
          return read;
        };

    handler(switches).handle(register("p1"), CONNECT_ID);
    lift.get().join();

    Publisher stored = registry.publisher("p1");
    assertThat(stored).isNotNull();
    assertThat(registry.blockedPublisherCount()).isZero();
    assertThat(writes).containsExactly(new PublisherPut(stored));
  }

  @Test
  void aPublisherRegisteredAfterTheLiftWasAppliedIsStoredAtOnce() {
    blacklisting.reconcile(LIFTED, true);

    handler(() -> LIFTED).handle(register("p1"), CONNECT_ID);

    assertThat(registry.publisher("p1")).isNotNull();
    assertThat(writes).containsExactly(new PublisherPut(registry.publisher("p1")));
  }

  @Test
  void aPublisherRegisteredWhileBlacklistedIsKeptBlockedAndComesBackWithTheLift() {
    handler(() -> BLACKLISTED).handle(register("p1"), CONNECT_ID);
    assertThat(registry.publisher("p1")).isNull();
    assertThat(registry.blockedPublisherCount()).isEqualTo(1);
    assertThat(writes).isEmpty();

    blacklisting.reconcile(LIFTED, true);

    assertThat(writes).containsExactly(new PublisherPut(registry.publisher("p1")));
  }

  private PublisherRegisterHandler handler(Supplier<RegistrySwitches> switches) {
    return new PublisherRegisterHandler(
        new RegistrationValidator(Settings.defaults(RegistrationLimits.class)),
        registry,
        new ClientConnections(),
        writes::add,
        SESSION,
        clock,
        switches,
        PushTracer.disabled());
  }

  private static PublisherRegister register(String registId) {
    PublisherRegister register = new PublisherRegister();
    register.setDataId("com.example.Service");
    register.setRegistId(registId);
    register.setVersion(1L);
    register.setDataList(List.of(new DataBox("10.0.0.1:12200")));
    return register;
  }
}
