package io.beacon.registry.meta.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.meta.persistence.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LeaderLeaseRepositoryTest {

  @RegisterExtension static final DatabaseFixture databases = new DatabaseFixture();

  private static final long LEASE = 6_000;
  private static final long T0 = 1_000_000;

  private final String cluster = TestDatabases.newClusterId();

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theFirstCandidateAcquiresAnEmptyLeaseInTermOne(Kind kind) {
    LeaderLeaseRepository leases = databases.database(kind).leases();
    assertThat(leases.read(cluster)).isEmpty();

    LeaderLease lease = leases.tryAcquire(cluster, "a:1", "a:2", T0, LEASE);

    assertThat(lease).isEqualTo(new LeaderLease("a:1", "a:2", 1, T0 + LEASE));
    assertThat(leases.read(cluster)).contains(lease);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theOwnersRenewalKeepsTheTermAndExtendsTheExpiry(Kind kind) {
    LeaderLeaseRepository leases = databases.database(kind).leases();
    leases.tryAcquire(cluster, "a:1", "a:2", T0, LEASE);

    LeaderLease renewed = leases.tryAcquire(cluster, "a:1", "a:2", T0 + 1_000, LEASE);

    assertThat(renewed).isEqualTo(new LeaderLease("a:1", "a:2", 1, T0 + 1_000 + LEASE));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anotherCandidateIsRefusedWhileTheLeaseIsValid(Kind kind) {
    LeaderLeaseRepository leases = databases.database(kind).leases();
    LeaderLease held = leases.tryAcquire(cluster, "a:1", "a:2", T0, LEASE);

    LeaderLease seen = leases.tryAcquire(cluster, "b:1", "b:2", T0 + LEASE - 1, LEASE);

    assertThat(seen).isEqualTo(held);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anotherCandidateTakesAnExpiredLeaseInTheNextTerm(Kind kind) {
    LeaderLeaseRepository leases = databases.database(kind).leases();
    leases.tryAcquire(cluster, "a:1", "a:2", T0, LEASE);

    LeaderLease taken = leases.tryAcquire(cluster, "b:1", "b:2", T0 + LEASE, LEASE);

    assertThat(taken).isEqualTo(new LeaderLease("b:1", "b:2", 2, T0 + 2 * LEASE));
    assertThat(leases.tryAcquire(cluster, "a:1", "a:2", T0 + LEASE + 1, LEASE)).isEqualTo(taken);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anOwnerReturningAfterItsLeaseLapsedStartsANewTerm(Kind kind) {
    LeaderLeaseRepository leases = databases.database(kind).leases();
    leases.tryAcquire(cluster, "a:1", "a:2", T0, LEASE);

    LeaderLease back = leases.tryAcquire(cluster, "a:1", "a:2", T0 + LEASE + 5, LEASE);

    assertThat(back.term()).isEqualTo(2);
    assertThat(back.owner()).isEqualTo("a:1");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void releaseLetsAnotherCandidateTakeTheLeaseAtOnce(Kind kind) {
    LeaderLeaseRepository leases = databases.database(kind).leases();
    leases.tryAcquire(cluster, "a:1", "a:2", T0, LEASE);

    leases.release(cluster, "a:1");

    assertThat(leases.tryAcquire(cluster, "b:1", "b:2", T0 + 1, LEASE))
        .isEqualTo(new LeaderLease("b:1", "b:2", 2, T0 + 1 + LEASE));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void releaseByANonOwnerChangesNothing(Kind kind) {
    LeaderLeaseRepository leases = databases.database(kind).leases();
    LeaderLease held = leases.tryAcquire(cluster, "a:1", "a:2", T0, LEASE);

    leases.release(cluster, "b:1");
    leases.release(TestDatabases.newClusterId(), "a:1");

    assertThat(leases.read(cluster)).contains(held);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void clustersHaveIndependentLeases(Kind kind) {
    LeaderLeaseRepository leases = databases.database(kind).leases();
    String other = TestDatabases.newClusterId();

    leases.tryAcquire(cluster, "a:1", "a:2", T0, LEASE);
    LeaderLease otherLease = leases.tryAcquire(other, "b:1", "b:2", T0, LEASE);

    assertThat(otherLease.owner()).isEqualTo("b:1");
    assertThat(leases.read(cluster).orElseThrow().owner()).isEqualTo("a:1");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentCandidatesForAnEmptyLeaseAgreeOnExactlyOneOwner(Kind kind) throws Exception {
    LeaderLeaseRepository leases = databases.database(kind).leases();

    List<LeaderLease> results =
        race(8, i -> leases.tryAcquire(cluster, "m" + i, "h" + i, T0, LEASE));

    LeaderLease winner = leases.read(cluster).orElseThrow();
    assertThat(results).containsOnly(winner);
    assertThat(winner.term()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentCandidatesForAnExpiredLeaseAgreeOnExactlyOneNewOwner(Kind kind) throws Exception {
    LeaderLeaseRepository leases = databases.database(kind).leases();
    leases.tryAcquire(cluster, "old", "old-http", T0, LEASE);
    long later = T0 + LEASE;

    List<LeaderLease> results =
        race(8, i -> leases.tryAcquire(cluster, "m" + i, "h" + i, later, LEASE));

    LeaderLease winner = leases.read(cluster).orElseThrow();
    assertThat(results).containsOnly(winner);
    assertThat(winner.term()).isEqualTo(2);
    assertThat(winner.owner()).startsWith("m");
  }

  /** Runs {@code attempt(i)} on {@code n} threads released at once; returns every result. */
  private static List<LeaderLease> race(int n, Attempt attempt) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<LeaderLease>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int candidate = i;
        Callable<LeaderLease> task =
            () -> {
              start.await();
              return attempt.run(candidate);
            };
        futures.add(executor.submit(task));
      }
      start.countDown();
      List<LeaderLease> results = new ArrayList<>();
      for (Future<LeaderLease> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      executor.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface Attempt {
    LeaderLease run(int candidate);
  }
}
