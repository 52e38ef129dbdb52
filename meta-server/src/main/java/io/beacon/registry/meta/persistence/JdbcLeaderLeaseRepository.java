package io.beacon.registry.meta.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Leader leases in {@code beacon_leader_lease}, one row per cluster. The compare-and-set is a
 * single conditional UPDATE in auto-commit mode: every supported database evaluates its WHERE
 * clause against the latest committed row under the row lock (PostgreSQL re-checks it after
 * waiting), so of several concurrent candidates at most one can take an expired lease. Stateless.
 */
final class JdbcLeaderLeaseRepository implements LeaderLeaseRepository {

  static final int MAX_CLUSTER_ID_LENGTH = 128;
  private static final int MAX_ADDRESS_LENGTH = 255;

  private static final String SELECT =
      "SELECT lease_owner, owner_http, lease_term, expires_at_millis FROM beacon_leader_lease"
          + " WHERE cluster_id = ?";
  private static final String INSERT =
      "INSERT INTO beacon_leader_lease"
          + " (cluster_id, lease_owner, owner_http, lease_term, expires_at_millis)"
          + " VALUES (?, ?, ?, 1, ?)";
  // lease_term must be assigned first: MySQL evaluates SET left to right with the new values,
  // and the CASE has to see the old owner and expiry (H2 and PostgreSQL always do).
  private static final String COMPARE_AND_SET =
      "UPDATE beacon_leader_lease SET"
          + " lease_term = CASE WHEN lease_owner = ? AND expires_at_millis > ?"
          + " THEN lease_term ELSE lease_term + 1 END,"
          + " lease_owner = ?, owner_http = ?, expires_at_millis = ?"
          + " WHERE cluster_id = ? AND (lease_owner = ? OR expires_at_millis <= ?)";
  private static final String RELEASE =
      "UPDATE beacon_leader_lease SET expires_at_millis = 0"
          + " WHERE cluster_id = ? AND lease_owner = ?";

  private final Jdbc jdbc;

  JdbcLeaderLeaseRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<LeaderLease> read(String clusterId) {
    checkCluster(clusterId);
    return jdbc.autoCommit("readLease cluster=" + clusterId, c -> select(c, clusterId));
  }

  @Override
  public LeaderLease tryAcquire(
      String clusterId, String candidate, String candidateHttp, long nowMillis, long leaseMillis) {
    checkCluster(clusterId);
    Jdbc.checkText("candidate", candidate, MAX_ADDRESS_LENGTH);
    if (candidateHttp != null && candidateHttp.length() > MAX_ADDRESS_LENGTH) {
      throw new IllegalArgumentException(
          "candidateHttp: " + candidateHttp + " (expected: <= " + MAX_ADDRESS_LENGTH + " chars)");
    }
    if (leaseMillis <= 0) {
      throw new IllegalArgumentException("leaseMillis: " + leaseMillis + " (expected: > 0)");
    }
    long expiresAt = nowMillis + leaseMillis;
    return jdbc.autoCommit(
        "tryAcquire cluster=" + clusterId + " candidate=" + candidate,
        c -> {
          if (compareAndSet(c, clusterId, candidate, candidateHttp, nowMillis, expiresAt) == 0) {
            Optional<LeaderLease> current = select(c, clusterId);
            if (current.isPresent()) {
              return current.get();
            }
            insertIfAbsent(c, clusterId, candidate, candidateHttp, expiresAt);
          }
          return select(c, clusterId)
              .orElseThrow(() -> new SQLException("lease row vanished cluster=" + clusterId));
        });
  }

  @Override
  public void release(String clusterId, String owner) {
    checkCluster(clusterId);
    jdbc.autoCommit(
        "releaseLease cluster=" + clusterId + " owner=" + owner,
        c -> {
          try (PreparedStatement statement = Jdbc.prepare(c, RELEASE)) {
            statement.setString(1, clusterId);
            statement.setString(2, owner);
            return statement.executeUpdate();
          }
        });
  }

  private static int compareAndSet(
      Connection c,
      String clusterId,
      String candidate,
      String candidateHttp,
      long nowMillis,
      long expiresAt)
      throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, COMPARE_AND_SET)) {
      statement.setString(1, candidate);
      statement.setLong(2, nowMillis);
      statement.setString(3, candidate);
      statement.setString(4, candidateHttp);
      statement.setLong(5, expiresAt);
      statement.setString(6, clusterId);
      statement.setString(7, candidate);
      statement.setLong(8, nowMillis);
      return statement.executeUpdate();
    }
  }

  /** Inserts the first row; losing the race to a concurrent insert is fine (the caller reads). */
  private static void insertIfAbsent(
      Connection c, String clusterId, String candidate, String candidateHttp, long expiresAt)
      throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, INSERT)) {
      statement.setString(1, clusterId);
      statement.setString(2, candidate);
      statement.setString(3, candidateHttp);
      statement.setLong(4, expiresAt);
      statement.executeUpdate();
    } catch (SQLException e) {
      if (!Jdbc.isDuplicateKey(e)) {
        throw e;
      }
    }
  }

  private static Optional<LeaderLease> select(Connection c, String clusterId) throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, SELECT)) {
      statement.setString(1, clusterId);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new LeaderLease(
                rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4)));
      }
    }
  }

  static String checkCluster(String clusterId) {
    return Jdbc.checkText("clusterId", clusterId, MAX_CLUSTER_ID_LENGTH);
  }
}
