package dev.chorus.ops.loadgen.rtc;

/**
 * Where a publisher or subscriber sends what it built in its loop's transmit buffer ({@link EventLoop#txBuffer()},
 * from offset 0): a {@link ClientTransport} protects and sends it. Loop thread only.
 */
public interface MediaSender {
    /** Sends the RTP packet {@code tx[0..len)}; false if it could not be sent (not connected, socket full). */
    boolean sendRtp(int len);

    /** Sends the RTCP (compound) packet {@code tx[0..len)}; false if it could not be sent. */
    boolean sendRtcp(int len);
}
