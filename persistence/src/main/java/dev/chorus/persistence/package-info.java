/**
 * Pekko Persistence JDBC wiring: where the database is ({@link dev.chorus.persistence.DatabaseSettings}), the
 * plugin configuration that makes journal, snapshots, durable state and read journal share one connection pool,
 * and creating the tables in a fresh database ({@link dev.chorus.persistence.Schema}).
 */
package dev.chorus.persistence;
