package io.beacon.registry.meta.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs units of work on pooled connections, with or without a transaction, and turns {@link
 * SQLException} into {@link PersistenceException} naming the operation. Stateless apart from the
 * thread-safe pool.
 */
final class Jdbc {

  /** Bounds a statement on a hung database; callers never wait longer than this per statement. */
  private static final int QUERY_TIMEOUT_SECONDS = 10;

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} in auto-commit mode: each statement is its own transaction. */
  <T> T autoCommit(String operation, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException | RuntimeException e) {
      throw wrap(operation, e);
    }
  }

  /** Runs {@code work} in one transaction at {@code isolation}; rolls back on any failure. */
  <T> T transaction(String operation, int isolation, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setTransactionIsolation(isolation);
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      throw wrap(operation, e);
    }
  }

  static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    return statement;
  }

  /** A unique-key violation: SQLState class 23 on H2 (23505), PostgreSQL (23505) and MySQL. */
  static boolean isDuplicateKey(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  /**
   * {@code value} if it is a non-empty key of at most {@code maxLength} chars without control
   * characters (U+0000 above all, which PostgreSQL cannot store).
   */
  static String checkText(String name, String value, int maxLength) {
    if (value == null || value.isEmpty() || value.length() > maxLength) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: non-empty, <= " + maxLength + " chars)");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          name + ": contains a control character (expected: none, U+0000 above all)");
    }
    return value;
  }

  /** {@code value} if it holds no U+0000, which PostgreSQL cannot store in text. */
  static String checkNoNul(String name, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(name + ": contains U+0000 (expected: no NUL character)");
    }
    return value;
  }

  private static void rollbackQuietly(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static RuntimeException wrap(String operation, Exception e) {
    if (e instanceof PersistenceException || e instanceof IllegalArgumentException) {
      return (RuntimeException) e;
    }
    return new PersistenceException(operation, e);
  }
}
