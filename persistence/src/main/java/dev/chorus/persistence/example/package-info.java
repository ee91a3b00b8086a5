/**
 * A worked example of evolving a persisted event (see docs/persistence-events.md): {@link
 * dev.chorus.persistence.example.NoteAdded} and its {@link dev.chorus.persistence.example.NoteAddedMigration}.
 * Kept small and real so the migration path is tested; no Chorus entity uses it.
 */
package dev.chorus.persistence.example;
