package io.beacon.registry.meta.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The drain list in {@code beacon_drain_node}. Each call is one auto-committed statement (or one
 * batch): an insert that hits the primary key means the entry is there already, which is the
 * outcome the caller wanted, so concurrent adds need no lock. Stateless.
 */
final class JdbcDrainRepository implements DrainRepository {

  private static final String SELECT = "SELECT address FROM beacon_drain_node WHERE cluster_id = ?";
  private static final String INSERT =
      "INSERT INTO beacon_drain_node (cluster_id, address, added_at_millis) VALUES (?, ?, ?)";
  private static final String DELETE =
      "DELETE FROM beacon_drain_node WHERE cluster_id = ? AND address = ?";

  private final Jdbc jdbc;

  JdbcDrainRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> load(String clusterId) {
    JdbcLeaderLeaseRepository.checkCluster(clusterId);
    return jdbc.autoCommit(
        "loadDrainList cluster=" + clusterId,
        c -> {
          Set<String> addresses = new TreeSet<>();
          try (PreparedStatement statement = Jdbc.prepare(c, SELECT)) {
            statement.setString(1, clusterId);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                addresses.add(rows.getString(1));
              }
            }
          }
          return Set.copyOf(addresses);
        });
  }

  @Override
  public boolean add(String clusterId, String address, long nowMillis) {
    JdbcLeaderLeaseRepository.checkCluster(clusterId);
    Jdbc.checkText("address", address, MAX_ADDRESS_LENGTH);
    return jdbc.autoCommit(
        "addDrain cluster=" + clusterId + " address=" + address,
        c -> {
          try (PreparedStatement statement = Jdbc.prepare(c, INSERT)) {
            statement.setString(1, clusterId);
            statement.setString(2, address);
            statement.setLong(3, nowMillis);
            return statement.executeUpdate() == 1;
          } catch (SQLException e) {
            if (Jdbc.isDuplicateKey(e)) {
              return false;
            }
            throw e;
          }
        });
  }

  @Override
  public int remove(String clusterId, Collection<String> addresses) {
    JdbcLeaderLeaseRepository.checkCluster(clusterId);
    if (addresses == null) {
      throw new IllegalArgumentException("addresses: null (expected: a collection of addresses)");
    }
    Set<String> checked = new LinkedHashSet<>();
    for (String address : addresses) {
      checked.add(Jdbc.checkText("address", address, MAX_ADDRESS_LENGTH));
    }
    if (checked.isEmpty()) {
      return 0;
    }
    return jdbc.autoCommit(
        "removeDrain cluster=" + clusterId + " addresses=" + checked,
        c -> {
          int removed = 0;
          try (PreparedStatement statement = Jdbc.prepare(c, DELETE)) {
            for (String address : checked) {
              statement.setString(1, clusterId);
              statement.setString(2, address);
              removed += statement.executeUpdate();
            }
          }
          return removed;
        });
  }
}
