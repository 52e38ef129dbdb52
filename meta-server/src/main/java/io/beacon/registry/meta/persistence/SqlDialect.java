package io.beacon.registry.meta.persistence;

import java.util.Locale;
import java.util.Map;

/**
 * The few things that differ between the supported databases: the large text type and the table
 * options (Flyway placeholders in the migrations) and how to read the current time. Everything else
 * is portable SQL.
 */
enum SqlDialect {
  H2(
      "CLOB",
      "",
      "SELECT DATEDIFF(MILLISECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00',"
          + " CURRENT_TIMESTAMP(3))"),
  POSTGRESQL(
      "TEXT", "", "SELECT CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)"),
  /** MySQL and MariaDB; UTC_TIMESTAMP avoids the session time zone (and its DST gaps). */
  MYSQL(
      "LONGTEXT",
      " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
      "SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000");

  private final String largeTextType;
  private final String tableOptions;
  private final String nowMillisQuery;

  SqlDialect(String largeTextType, String tableOptions, String nowMillisQuery) {
    this.largeTextType = largeTextType;
    this.tableOptions = tableOptions;
    this.nowMillisQuery = nowMillisQuery;
  }

  /** The migrations' placeholders: {@code ${large_text}} and {@code ${table_options}}. */
  Map<String, String> placeholders() {
    return Map.of("large_text", largeTextType, "table_options", tableOptions);
  }

  String nowMillisQuery() {
    return nowMillisQuery;
  }

  /** From {@code DatabaseMetaData.getDatabaseProductName()}. */
  static SqlDialect of(String productName) {
    String name = productName.toLowerCase(Locale.ROOT);
    if (name.contains("h2")) {
      return H2;
    }
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.contains("mysql") || name.contains("mariadb")) {
      return MYSQL;
    }
    throw new IllegalArgumentException(
        "database: " + productName + " (expected: H2, PostgreSQL, MySQL or MariaDB)");
  }
}
