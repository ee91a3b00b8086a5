package dev.chorus.media.api;

/**
 * Events the media plane reports to the control plane. Called from media or handshake threads: implementations
 * must only hand the event over (for example, tell an actor) and return. Never called per packet.
 * {@code ownerTag} is the tag the control plane gave when it created the object.
 */
public interface MediaListener {

    /** The transport closed on its own: ICE consent lost, DTLS failed or closed by the peer. */
    void onTransportClosed(String transportId, String ownerTag, String reason);

    /** The consumer closed because its producer or transport closed. */
    void onConsumerClosed(String consumerId, String ownerTag, String reason);

    /** The consumer's producer was paused or resumed. */
    void onConsumerProducerPaused(String consumerId, String ownerTag, boolean paused);

    /** A producer closed because its transport closed. */
    void onProducerClosed(String producerId, String ownerTag, String reason);

    /**
     * The layers a consumer of a simulcast producer forwards changed: spatial (stream index) and temporal layer,
     * both -1 when it forwards nothing (paused, waiting for a key frame, producer gone quiet).
     */
    default void onConsumerLayersChanged(String consumerId, String ownerTag, int spatialLayer, int temporalLayer) {
    }

    /**
     * The downlink bandwidth picture of a subscriber transport changed significantly (reported at most every few
     * seconds, and only once its subscriber sends bandwidth feedback), for the {@code downlinkBwe} notification.
     * All values in bits per second: {@code desiredBitrate} is what its active consumers would use at their
     * preferred layers, {@code effectiveDesiredBitrate} what is allocated to them now, {@code availableBitrate}
     * the estimate of the subscriber's downlink.
     */
    default void onDownlinkBwe(String transportId, String ownerTag, long desiredBitrate, long effectiveDesiredBitrate,
                               long availableBitrate) {
    }

    /** Averaged audio level of an audio producer in dBov (-127..0), a few times a second while it sends. */
    default void onAudioLevel(String producerId, String ownerTag, int dBov) {
    }

    MediaListener NONE = new MediaListener() {
        @Override
        public void onTransportClosed(String transportId, String ownerTag, String reason) {
        }

        @Override
        public void onConsumerClosed(String consumerId, String ownerTag, String reason) {
        }

        @Override
        public void onConsumerProducerPaused(String consumerId, String ownerTag, boolean paused) {
        }

        @Override
        public void onProducerClosed(String producerId, String ownerTag, String reason) {
        }
    };
}
