/**
 * Pekko Persistence JDBC wiring (journal, snapshots, schemas, read side). Filled in by the persistence
 * issue; the module exists now so the dependency order media-plane, actors, persistence, http-api, ops holds.
 */
package dev.chorus.persistence;
