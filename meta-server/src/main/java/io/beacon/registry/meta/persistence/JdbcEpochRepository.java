package io.beacon.registry.meta.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * The highest slot-table epoch per cluster in {@code beacon_slot_epoch}. {@link #raiseTo} is a
 * conditional UPDATE ({@code WHERE slot_epoch < ?}), so concurrent raises keep the maximum without
 * a transaction. Stateless.
 */
final class JdbcEpochRepository implements EpochRepository {

  private static final String SELECT =
      "SELECT slot_epoch FROM beacon_slot_epoch WHERE cluster_id = ?";
  private static final String RAISE =
      "UPDATE beacon_slot_epoch SET slot_epoch = ? WHERE cluster_id = ? AND slot_epoch < ?";
  private static final String INSERT =
      "INSERT INTO beacon_slot_epoch (cluster_id, slot_epoch) VALUES (?, ?)";

  private static final int MAX_ROUNDS = 4;

  private final Jdbc jdbc;

  JdbcEpochRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public long highest(String clusterId) {
    JdbcLeaderLeaseRepository.checkCluster(clusterId);
    return jdbc.autoCommit(
        "highestEpoch cluster=" + clusterId, c -> select(c, clusterId).orElse(0));
  }

  @Override
  public void raiseTo(String clusterId, long epoch) {
    JdbcLeaderLeaseRepository.checkCluster(clusterId);
    jdbc.autoCommit(
        "raiseEpoch cluster=" + clusterId + " epoch=" + epoch,
        c -> {
          // Stored epochs only grow, so once the row exists one more round settles it: either
          // our UPDATE raises it or the stored value is already at least ours. A row that
          // appears between our UPDATE and SELECT (a concurrent first insert) costs a round.
          for (int round = 0; round < MAX_ROUNDS; round++) {
            if (raise(c, clusterId, epoch) > 0) {
              return null;
            }
            OptionalLong stored = select(c, clusterId);
            if (stored.isPresent() ? stored.getAsLong() >= epoch : insert(c, clusterId, epoch)) {
              return null;
            }
          }
          throw new SQLException("epoch row kept changing under us rounds=" + MAX_ROUNDS);
        });
  }

  private static int raise(Connection c, String clusterId, long epoch) throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, RAISE)) {
      statement.setLong(1, epoch);
      statement.setString(2, clusterId);
      statement.setLong(3, epoch);
      return statement.executeUpdate();
    }
  }

  private static boolean insert(Connection c, String clusterId, long epoch) throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, INSERT)) {
      statement.setString(1, clusterId);
      statement.setLong(2, epoch);
      statement.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (Jdbc.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  private static OptionalLong select(Connection c, String clusterId) throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, SELECT)) {
      statement.setString(1, clusterId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
      }
    }
  }
}
