package dev.chorus.ops.loadgen.media;

import java.util.Objects;

/**
 * What a subscriber takes from a {@code newConsumer} request: the consumer id, whose stream it is, its kind, and
 * the SSRCs and payload types the SFU will send (media and, when negotiated, RTX).
 *
 * @param rtxSsrc 0 when the consumer has no RTX
 */
public record ConsumerOffer(String consumerId, String producerId, String producerPeerId, String kind, long ssrc,
                            long rtxSsrc, int payloadType, int rtxPayloadType, int clockRate) {
    public ConsumerOffer {
        Objects.requireNonNull(consumerId, "consumerId");
        Objects.requireNonNull(kind, "kind");
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive");
        }
    }

    public boolean video() {
        return "video".equals(kind);
    }
}
