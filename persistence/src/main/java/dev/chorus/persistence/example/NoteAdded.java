package dev.chorus.persistence.example;

import dev.chorus.persistence.CborEvent;

/**
 * Example event, version 2. Version 1 was {@code NoteAdded(String note)}; version 2 renamed {@code note} to
 * {@code text} (needs {@link NoteAddedMigration}) and added {@code pinned} (optional: old events read as false).
 *
 * @param text   the note's text (called {@code note} in version 1)
 * @param pinned whether the note is pinned; absent in version 1 events
 */
public record NoteAdded(String text, boolean pinned) implements CborEvent {
}
