package dev.chorus.media.rtcp;

/**
 * Receives the per-packet results of {@link TransportCcFeedbacks#parse}: one call per sequence number covered by
 * the feedback, in order.
 */
@FunctionalInterface
public interface TccPacketVisitor {
    /**
     * @param seq      transport-wide sequence number (0..65535)
     * @param received whether the packet arrived
     * @param deltaUs  for a received packet, its arrival time minus the previous received packet's arrival time
     *                 (or minus the reference time for the first one), in microseconds, a multiple of 250 and
     *                 possibly negative; 0 for a lost packet
     */
    void packet(int seq, boolean received, long deltaUs);
}
