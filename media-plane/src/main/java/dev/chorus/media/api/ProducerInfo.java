package dev.chorus.media.api;

import dev.chorus.media.ortc.ProducerType;

/** A producer as created: its id, kind and type (simple, simulcast, svc). */
public record ProducerInfo(String id, String kind, ProducerType type) {
}
