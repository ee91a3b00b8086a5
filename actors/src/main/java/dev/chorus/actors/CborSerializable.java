package dev.chorus.actors;

/** Marker for messages and events serialized with Jackson CBOR (bound in application.conf). */
public interface CborSerializable {
}
