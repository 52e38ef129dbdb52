package io.beacon.registry.meta.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Provide data ({@code beacon_provide_data}), the client manager list ({@code beacon_client_off}:
 * off or reduced, with the pub and sub flags) and their shared version ({@code
 * beacon_config_version}).
 *
 * <p>Every change runs in one READ COMMITTED transaction that first increments the version row:
 * that row lock serializes all writers of a cluster, so a plain update-else-insert of the data rows
 * cannot race, and the version and the content commit together. The version row itself is created
 * beforehand in its own statement (a failed insert would abort a PostgreSQL transaction). {@link
 * #load} reads in one REPEATABLE READ transaction, i.e. from one snapshot. Stateless.
 */
final class JdbcRegistryConfigRepository implements RegistryConfigRepository {

  private static final String SELECT_VERSION =
      "SELECT config_version FROM beacon_config_version WHERE cluster_id = ?";
  private static final String INSERT_VERSION =
      "INSERT INTO beacon_config_version (cluster_id, config_version) VALUES (?, 0)";
  private static final String BUMP_VERSION =
      "UPDATE beacon_config_version SET config_version = config_version + 1 WHERE cluster_id = ?";
  private static final String SELECT_DATA =
      "SELECT data_key, data_value, data_version FROM beacon_provide_data WHERE cluster_id = ?";
  private static final String UPDATE_DATA =
      "UPDATE beacon_provide_data SET data_value = ?, data_version = ?"
          + " WHERE cluster_id = ? AND data_key = ?";
  private static final String INSERT_DATA =
      "INSERT INTO beacon_provide_data (data_value, data_version, cluster_id, data_key)"
          + " VALUES (?, ?, ?, ?)";
  private static final String DELETE_DATA =
      "DELETE FROM beacon_provide_data WHERE cluster_id = ? AND data_key = ?";
  private static final String SELECT_CLIENT_OFF =
      "SELECT address, operation, pub_flag, sub_flag, data_version FROM beacon_client_off"
          + " WHERE cluster_id = ?";
  private static final String UPDATE_CLIENT_OFF =
      "UPDATE beacon_client_off SET operation = ?, pub_flag = ?, sub_flag = ?, data_version = ?"
          + " WHERE cluster_id = ? AND address = ?";
  private static final String INSERT_CLIENT_OFF =
      "INSERT INTO beacon_client_off (operation, pub_flag, sub_flag, data_version, cluster_id,"
          + " address) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String DELETE_CLIENT_OFF =
      "DELETE FROM beacon_client_off WHERE cluster_id = ? AND address = ?";

  @FunctionalInterface
  private interface Change {
    void apply(Connection connection, long version) throws SQLException;
  }

  private final Jdbc jdbc;

  JdbcRegistryConfigRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public ConfigSnapshot load(String clusterId) {
    JdbcLeaderLeaseRepository.checkCluster(clusterId);
    return jdbc.transaction(
        "loadConfig cluster=" + clusterId,
        Connection.TRANSACTION_REPEATABLE_READ,
        c -> {
          long version = selectVersion(c, clusterId);
          Map<String, String> data = new HashMap<>();
          Map<String, Long> dataVersions = new HashMap<>();
          Map<String, ClientAddress> clientAddresses = new HashMap<>();
          try (PreparedStatement statement = Jdbc.prepare(c, SELECT_DATA)) {
            statement.setString(1, clusterId);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                data.put(rows.getString(1), rows.getString(2));
                dataVersions.put(rows.getString(1), rows.getLong(3));
              }
            }
          }
          try (PreparedStatement statement = Jdbc.prepare(c, SELECT_CLIENT_OFF)) {
            statement.setString(1, clusterId);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                ClientAddress address =
                    new ClientAddress(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getLong(3) != 0,
                        rows.getLong(4) != 0,
                        rows.getLong(5));
                clientAddresses.put(address.address(), address);
              }
            }
          }
          return new ConfigSnapshot(version, data, dataVersions, clientAddresses);
        });
  }

  @Override
  public long putData(String clusterId, String key, String value) {
    Jdbc.checkText("key", key, MAX_KEY_LENGTH);
    if (value == null) {
      throw new IllegalArgumentException("value: null (expected: a string, may be empty)");
    }
    Jdbc.checkNoNul("value", value);
    return change(
        "putData cluster=" + clusterId + " key=" + key,
        clusterId,
        (c, version) -> {
          if (write(c, UPDATE_DATA, value, version, clusterId, key) == 0) {
            write(c, INSERT_DATA, value, version, clusterId, key);
          }
        });
  }

  @Override
  public long removeData(String clusterId, String key) {
    Jdbc.checkText("key", key, MAX_KEY_LENGTH);
    return change(
        "removeData cluster=" + clusterId + " key=" + key,
        clusterId,
        (c, version) -> delete(c, DELETE_DATA, clusterId, Set.of(key)));
  }

  @Override
  public long addClientOff(String clusterId, Collection<ClientOffAddress> addresses) {
    if (addresses == null) {
      throw new IllegalArgumentException("addresses: null (expected: a collection of addresses)");
    }
    Map<String, ClientOffAddress> checked = new LinkedHashMap<>();
    for (ClientOffAddress address : addresses) {
      checked.put(Jdbc.checkText("ip", address.address(), MAX_IP_LENGTH), address);
    }
    return change(
        "addClientOff cluster=" + clusterId + " ips=" + checked.keySet(),
        clusterId,
        (c, version) -> {
          for (ClientOffAddress address : checked.values()) {
            writeClientAddress(
                c,
                clusterId,
                version,
                new ClientAddress(
                    address.address(),
                    ClientAddress.CLIENT_OFF,
                    address.pub(),
                    address.sub(),
                    version));
          }
        });
  }

  @Override
  public long reduceClientOff(String clusterId, Collection<String> ips) {
    Set<String> checked = checkIps(ips);
    return change(
        "reduceClientOff cluster=" + clusterId + " ips=" + checked,
        clusterId,
        (c, version) -> {
          for (String ip : checked) {
            writeClientAddress(
                c,
                clusterId,
                version,
                new ClientAddress(ip, ClientAddress.REDUCE, true, true, version));
          }
        });
  }

  @Override
  public long removeClientOff(String clusterId, Collection<String> ips) {
    Set<String> checked = checkIps(ips);
    return change(
        "removeClientOff cluster=" + clusterId + " ips=" + checked,
        clusterId,
        (c, version) -> delete(c, DELETE_CLIENT_OFF, clusterId, checked));
  }

  private long change(String operation, String clusterId, Change change) {
    JdbcLeaderLeaseRepository.checkCluster(clusterId);
    jdbc.autoCommit(operation, c -> ensureVersionRow(c, clusterId));
    return jdbc.transaction(
        operation,
        Connection.TRANSACTION_READ_COMMITTED,
        c -> {
          try (PreparedStatement statement = Jdbc.prepare(c, BUMP_VERSION)) {
            statement.setString(1, clusterId);
            if (statement.executeUpdate() != 1) {
              throw new SQLException("config version row missing cluster=" + clusterId);
            }
          }
          long version = selectVersion(c, clusterId);
          change.apply(c, version);
          return version;
        });
  }

  private static Void ensureVersionRow(Connection c, String clusterId) throws SQLException {
    if (selectVersion(c, clusterId) > 0) {
      return null;
    }
    try (PreparedStatement statement = Jdbc.prepare(c, INSERT_VERSION)) {
      statement.setString(1, clusterId);
      statement.executeUpdate();
    } catch (SQLException e) {
      if (!Jdbc.isDuplicateKey(e)) {
        throw e;
      }
    }
    return null;
  }

  private static long selectVersion(Connection c, String clusterId) throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, SELECT_VERSION)) {
      statement.setString(1, clusterId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  private static int write(
      Connection c, String sql, String value, long version, String clusterId, String key)
      throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, sql)) {
      statement.setString(1, value);
      statement.setLong(2, version);
      statement.setString(3, clusterId);
      statement.setString(4, key);
      return statement.executeUpdate();
    }
  }

  private static void writeClientAddress(
      Connection c, String clusterId, long version, ClientAddress address) throws SQLException {
    if (writeClientAddress(c, UPDATE_CLIENT_OFF, clusterId, version, address) == 0) {
      writeClientAddress(c, INSERT_CLIENT_OFF, clusterId, version, address);
    }
  }

  private static int writeClientAddress(
      Connection c, String sql, String clusterId, long version, ClientAddress address)
      throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, sql)) {
      statement.setString(1, address.operation());
      statement.setLong(2, address.pub() ? 1 : 0);
      statement.setLong(3, address.sub() ? 1 : 0);
      statement.setLong(4, version);
      statement.setString(5, clusterId);
      statement.setString(6, address.address());
      return statement.executeUpdate();
    }
  }

  private static void delete(Connection c, String sql, String clusterId, Set<String> keys)
      throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, sql)) {
      for (String key : keys) {
        statement.setString(1, clusterId);
        statement.setString(2, key);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static Set<String> checkIps(Collection<String> ips) {
    if (ips == null) {
      throw new IllegalArgumentException("ips: null (expected: a collection of IPs)");
    }
    Set<String> checked = new LinkedHashSet<>();
    for (String ip : ips) {
      checked.add(Jdbc.checkText("ip", ip, MAX_IP_LENGTH));
    }
    return checked;
  }
}
