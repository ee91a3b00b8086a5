package dev.chorus.persistence;

/**
 * Marker for persisted events and snapshots of this module's own examples and tests: bound to Jackson CBOR in this
 * module's reference.conf. (The actor layer's messages and events use its own marker, bound the same way.)
 */
public interface CborEvent {
}
