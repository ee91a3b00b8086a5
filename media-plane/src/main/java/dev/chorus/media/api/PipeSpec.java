package dev.chorus.media.api;

import dev.chorus.media.ortc.ProducerType;
import dev.chorus.media.ortc.RtpMapping;
import dev.chorus.media.ortc.RtpParameters;

/**
 * What another node needs to re-inject a producer as a pipe producer: the producer's own parameters and mapping
 * (so payload types, router SSRCs and header-extension ids are the same there) and its consumable parameters.
 * Plain data, so the control plane can carry it between nodes.
 */
public record PipeSpec(String producerId, String kind, RtpParameters rtpParameters, RtpMapping mapping,
                       RtpParameters consumableParameters, ProducerType type, boolean paused) {
}
