/**
 * Pekko Persistence JDBC wiring: where the database is ({@link dev.chorus.persistence.DatabaseSettings}), the
 * plugin configuration that makes journal, snapshots, durable state and read journal share one connection pool,
 * creating the tables in a fresh database ({@link dev.chorus.persistence.Schema}), and plain JDBC on the shared pool
 * ({@link dev.chorus.persistence.ChorusDatabase}). The room history read side lives in
 * {@code dev.chorus.persistence.history}.
 */
package dev.chorus.persistence;
