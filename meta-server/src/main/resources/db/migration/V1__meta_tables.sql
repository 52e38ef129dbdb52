-- Beacon meta server tables. Portable across H2, PostgreSQL and MySQL/MariaDB: VARCHAR and BIGINT
-- only, plus two placeholders that MetaDatabase sets per database: ${large_text} (CLOB, TEXT or
-- LONGTEXT) and ${table_options} (on MySQL/MariaDB utf8mb4 with a binary collation, so that keys
-- compare exactly as on H2 and PostgreSQL; empty elsewhere).
-- Every key starts with cluster_id, so several clusters can share one database.
-- Key sizes stay below InnoDB's 3072-byte index limit in utf8mb4 ((128 + 512) * 4 bytes).

-- The meta leader lease: one row per cluster, taken and renewed by compare-and-set.
CREATE TABLE beacon_leader_lease (
  cluster_id        VARCHAR(128) NOT NULL,
  lease_owner       VARCHAR(255) NOT NULL,
  owner_http        VARCHAR(255),
  lease_term        BIGINT       NOT NULL,
  expires_at_millis BIGINT       NOT NULL,
  PRIMARY KEY (cluster_id)
)${table_options};

-- The highest slot-table epoch handed out; only ever raised.
CREATE TABLE beacon_slot_epoch (
  cluster_id VARCHAR(128) NOT NULL,
  slot_epoch BIGINT       NOT NULL,
  PRIMARY KEY (cluster_id)
)${table_options};

-- One version for all persisted config of a cluster, bumped with every change.
CREATE TABLE beacon_config_version (
  cluster_id     VARCHAR(128) NOT NULL,
  config_version BIGINT       NOT NULL,
  PRIMARY KEY (cluster_id)
)${table_options};

-- Switches and config ("provide data"), keyed by dataInfoId; data_version is the config version
-- of the change that wrote the row.
CREATE TABLE beacon_provide_data (
  cluster_id   VARCHAR(128) NOT NULL,
  data_key     VARCHAR(512) NOT NULL,
  data_value   ${large_text} NOT NULL,
  data_version BIGINT       NOT NULL,
  PRIMARY KEY (cluster_id, data_key)
)${table_options};

-- The persistent client-off list, by client IP.
CREATE TABLE beacon_client_off (
  cluster_id   VARCHAR(128) NOT NULL,
  address      VARCHAR(64)  NOT NULL,
  data_version BIGINT       NOT NULL,
  PRIMARY KEY (cluster_id, address)
)${table_options};
