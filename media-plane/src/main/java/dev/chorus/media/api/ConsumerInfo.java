package dev.chorus.media.api;

import dev.chorus.media.ortc.ProducerType;
import dev.chorus.media.ortc.RtpParameters;

/** A consumer as created, with the rtpParameters to send to the client in newConsumer. */
public record ConsumerInfo(String id, String producerId, String kind, RtpParameters rtpParameters,
                           ProducerType type, boolean producerPaused) {
}
