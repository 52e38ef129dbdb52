package io.beacon.registry.meta.config;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.SwitchesAck;
import io.beacon.registry.common.protocol.SwitchesNotice;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.meta.membership.NodeLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a switch change into force on every live session and data server before the admin call that
 * made it is answered: the meta leader sends each of them a {@link SwitchesNotice} at once and
 * waits until each confirms holding at least that version ({@link SwitchesAck}), or the timeout
 * passes. Nodes that did not confirm in time (unreachable, slow, following another leader) are
 * reported as pending; their next heartbeat answer brings them the switches, so nothing is retried
 * here.
 *
 * <p>Blocks the calling thread (an admin HTTP thread; admin calls are rare) for at most the
 * timeout. Stateless; the RPC client is shared, its answers complete on its callback executor.
 */
public final class SwitchPropagation {

  private static final Logger log = LoggerFactory.getLogger(SwitchPropagation.class);

  private final RpcClient client;
  private final Supplier<String> self;
  private final NodeLeases leases;
  private final Duration timeout;

  /**
   * @param self this meta's address, the leader the notices name
   * @param timeout how long an admin call waits for the nodes; zero sends and does not wait
   */
  public SwitchPropagation(
      RpcClient client, Supplier<String> self, NodeLeases leases, Duration timeout) {
    this.client = client;
    this.self = self;
    this.leases = leases;
    this.timeout = timeout;
  }

  /**
   * What one propagation achieved.
   *
   * @param version the switches version sent
   * @param confirmed the nodes that hold it, sorted
   * @param pending the nodes that did not confirm within the timeout, sorted
   */
  public record Propagation(long version, List<String> confirmed, List<String> pending) {}

  /** Sends {@code switches} to every live session and data server and waits for their acks. */
  public Propagation propagate(RegistrySwitches switches) {
    List<String> nodes = new ArrayList<>();
    for (NodeRole role : List.of(NodeRole.SESSION, NodeRole.DATA)) {
      leases.live(role).stream().map(NodeInfo::address).forEach(nodes::add);
    }
    SwitchesNotice notice = new SwitchesNotice(self.get(), switches);
    Set<String> confirmed = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (String node : nodes) {
      calls.add(
          client
              .invoke(
                  node,
                  notice,
                  SwitchesAck.class,
                  timeout.isZero() ? Duration.ofSeconds(1) : timeout)
              .handle(
                  (ack, error) -> {
                    if (error == null
                        && ack.status() == Status.OK
                        && ack.heldVersion() >= switches.version()) {
                      confirmed.add(node);
                    } else {
                      log.info(
                          "switches not confirmed node={} version={} answer={}",
                          node,
                          switches.version(),
                          error != null ? error.toString() : ack);
                    }
                    return null;
                  }));
    }
    awaitAll(calls);
    Set<String> pending = new TreeSet<>(nodes);
    pending.removeAll(confirmed);
    if (!pending.isEmpty() && !timeout.isZero()) {
      log.warn(
          "switches not in force everywhere within timeout version={} pending={} timeoutMillis={}",
          switches.version(),
          pending,
          timeout.toMillis());
    }
    return new Propagation(
        switches.version(), List.copyOf(new TreeSet<>(confirmed)), List.copyOf(pending));
  }

  private void awaitAll(List<CompletableFuture<?>> calls) {
    if (timeout.isZero() || calls.isEmpty()) {
      return;
    }
    try {
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // What did not answer in time is pending.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
