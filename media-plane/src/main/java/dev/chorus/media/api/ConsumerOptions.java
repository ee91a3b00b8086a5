package dev.chorus.media.api;

/**
 * How a new consumer starts ({@link MediaPlane#consume(String, String, String,
 * dev.chorus.media.ortc.RtpCapabilities, ConsumerOptions, String)}).
 *
 * <p>A consumer forwards only while three independent flags are all clear: its subscriber's own pause
 * ({@code paused}, {@link MediaPlane#pauseConsumer}), its producer's pause, and the server's last-N choice
 * ({@code selected}, {@link MediaPlane#setConsumerSelected}). Clearing one never overrides another.
 *
 * @param paused    the subscriber's own pause, as after {@code pauseConsumer}
 * @param selected  whether the consumer is in its subscriber's last-N selection; false starts it server-paused
 * @param ignoreDtx Opus DTX packets (a payload of 1 or 2 bytes, sent during silence) are not forwarded, and the
 *                  outgoing sequence numbers close the gap they leave (mediasoup's {@code ignoreDtx}); ignored for
 *                  other codecs
 */
public record ConsumerOptions(boolean paused, boolean selected, boolean ignoreDtx) {
    /** As mediasoup's defaults: selected, DTX forwarded. */
    public static ConsumerOptions paused(boolean paused) {
        return new ConsumerOptions(paused, true, false);
    }
}
