/**
 * What a meta server keeps across restarts, in a relational database reached through JDBC: the
 * leader lease, the highest slot-table epoch, switches and config ("provide data") and the
 * persistent client-off list. Every row is keyed by cluster id, so clusters share a database.
 * Nothing per request or per heartbeat is written here.
 */
package io.beacon.registry.meta.persistence;
