package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import com.alipay.sofa.registry.core.model.SyncConfigRequest;
import com.alipay.sofa.registry.core.model.SyncConfigResponse;
import io.beacon.registry.testing.ManualClock;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Transport} the test plays the session servers with. It records connect attempts (with
 * the clock's time) and requests; the test answers or fails each request, pushes data and closes
 * connections. Addresses marked down refuse connections. {@code SyncConfigRequest}s are answered at
 * once with {@link #segments} unless {@link #answerSyncConfig} is off. Not thread-safe: every call
 * comes from the test thread.
 */
final class FakeTransport implements Transport {

  /** One connect attempt. */
  record Attempt(String address, long atMillis) {}

  /** One request sent and its answer, for the test to complete. */
  record Sent(FakeConnection connection, Object request, CompletableFuture<Object> answer) {

    BaseRegister register() {
      return (BaseRegister) request;
    }

    /** Answers success, echoing the version (what a session does). */
    void ack() {
      answer.complete(response(register(), register().getVersion(), true));
    }

    void ackVersion(long version) {
      answer.complete(response(register(), version, true));
    }

    void answerUnsuccessful() {
      answer.complete(response(register(), register().getVersion(), false));
    }

    void refuse(String message) {
      RegisterResponse response = response(register(), register().getVersion(), true);
      response.setRefused(true);
      response.setMessage(message);
      answer.complete(response);
    }

    void fail() {
      answer.completeExceptionally(new IOException("request failed"));
    }

    private static RegisterResponse response(BaseRegister register, long version, boolean ok) {
      RegisterResponse response = new RegisterResponse();
      response.setSuccess(ok);
      response.setRegistId(register.getRegistId());
      response.setVersion(version);
      response.setMessage(ok ? "ok" : "busy");
      return response;
    }
  }

  private final ManualClock clock;
  private final Set<String> down = new HashSet<>();
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<FakeConnection> connections = new ArrayList<>();
  private final List<Sent> sent = new ArrayList<>();
  private List<String> segments = List.of();
  private boolean answerSyncConfig = true;
  private boolean closed;

  FakeTransport(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public CompletableFuture<TransportConnection> connect(
      String address, Duration timeout, ConnectionEvents events) {
    attempts.add(new Attempt(address, clock.millis()));
    if (closed || down.contains(address)) {
      return CompletableFuture.failedFuture(new ConnectException("refused: " + address));
    }
    FakeConnection connection = new FakeConnection(address, events);
    connections.add(connection);
    return CompletableFuture.completedFuture(connection);
  }

  @Override
  public void close() {
    closed = true;
    new ArrayList<>(connections).forEach(FakeConnection::close);
  }

  void down(String... addresses) {
    down.addAll(List.of(addresses));
  }

  void up(String... addresses) {
    List.of(addresses).forEach(down::remove);
  }

  void segments(List<String> segments) {
    this.segments = segments;
  }

  void answerSyncConfig(boolean answer) {
    this.answerSyncConfig = answer;
  }

  List<Attempt> attempts() {
    return attempts;
  }

  /** The connections open now (none, one, or more while a late one awaits its close). */
  List<FakeConnection> openConnections() {
    return connections.stream().filter(c -> c.open).toList();
  }

  /** The open connection; fails if there is none or more than one. */
  FakeConnection connection() {
    List<FakeConnection> open = openConnections();
    if (open.size() != 1) {
      throw new AssertionError("expected one open connection, found " + open);
    }
    return open.get(0);
  }

  /** Every request sent so far, oldest first. */
  List<Sent> sent() {
    return sent;
  }

  /** The register requests (not SyncConfig) sent so far. */
  List<Sent> registers() {
    return sent.stream().filter(s -> s.request() instanceof BaseRegister).toList();
  }

  /** The register requests not answered yet. */
  List<Sent> unanswered() {
    return registers().stream().filter(s -> !s.answer().isDone()).toList();
  }

  /** The newest register request, which must exist. */
  Sent lastRegister() {
    List<Sent> registers = registers();
    if (registers.isEmpty()) {
      throw new AssertionError("no register request sent");
    }
    return registers.get(registers.size() - 1);
  }

  /** A connection to one fake session. */
  final class FakeConnection implements TransportConnection {

    private final String address;
    private final ConnectionEvents events;
    private boolean open = true;

    FakeConnection(String address, ConnectionEvents events) {
      this.address = address;
      this.events = events;
    }

    @Override
    public String address() {
      return address;
    }

    @Override
    public CompletableFuture<Object> request(Object request, Duration timeout) {
      if (!open) {
        return CompletableFuture.failedFuture(new IOException("connection closed"));
      }
      CompletableFuture<Object> answer = new CompletableFuture<>();
      if (request instanceof SyncConfigRequest && answerSyncConfig) {
        SyncConfigResponse response = new SyncConfigResponse();
        response.setSuccess(true);
        response.setAvailableSegments(new ArrayList<>(segments));
        response.setRetryInterval(30_000);
        answer.complete(response);
      }
      sent.add(new Sent(this, request, answer));
      return answer;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    /** The session closes the connection: requests in flight fail, then the close is reported. */
    @Override
    public void close() {
      if (!open) {
        return;
      }
      open = false;
      for (Sent s : sent) {
        if (s.connection() == this && !s.answer().isDone()) {
          s.answer().completeExceptionally(new IOException("connection closed"));
        }
      }
      events.onClosed(this);
    }

    /**
     * The connection is reported closed, but its requests stay unanswered: their answers may still
     * arrive late, as they can from a real transport.
     */
    void dropKeepingRequests() {
      open = false;
      events.onClosed(this);
    }

    /** The session pushes {@code push}; returns the client's answer. */
    Object push(Object push) {
      return events.onPush(this, push);
    }

    @Override
    public String toString() {
      return "FakeConnection[" + address + (open ? "" : ", closed") + "]";
    }
  }
}
