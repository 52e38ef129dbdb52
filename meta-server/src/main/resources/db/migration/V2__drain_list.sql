-- Data servers being drained (PUT /opsapi/v1/server/group/quit/{ip}): a host (every data server on
-- it) or a host:port. A new meta leader loads the list, so a drain survives failover and restarts.
CREATE TABLE beacon_drain_node (
  cluster_id      VARCHAR(128) NOT NULL,
  address         VARCHAR(255) NOT NULL,
  added_at_millis BIGINT       NOT NULL,
  PRIMARY KEY (cluster_id, address)
)${table_options};
