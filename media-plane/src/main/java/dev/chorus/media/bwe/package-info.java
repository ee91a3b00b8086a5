/**
 * Downlink bandwidth estimation and allocation for a subscriber transport. Plain Java, no clocks (time is always
 * an argument), no locks, confined to the media worker that owns the transport; the per-packet, per-feedback and
 * per-allocation paths allocate nothing.
 *
 * <ul>
 *   <li>{@link dev.chorus.media.bwe.SendHistory}: transport-wide sequence numbers for egress packets and their
 *       send time and size, in a ring.</li>
 *   <li>{@link dev.chorus.media.bwe.SendSideBwe}: a simplified Google Congestion Control
 *       (draft-ietf-rmcat-gcc) fed by transport-cc feedback from the subscriber: the
 *       {@link dev.chorus.media.bwe.DelayBasedEstimator} (send-time groups, trendline filter, over-use detector
 *       with adaptive threshold, AIMD rate control) and the {@link dev.chorus.media.bwe.LossBasedEstimator}; the
 *       estimate is their minimum, also capped by REMB when the browser sends REMB.</li>
 *   <li>{@link dev.chorus.media.bwe.BitrateAllocator}: shares the estimate among the transport's consumers by
 *       priority (audio always first), with hysteresis on upgrades, and suggests probing padding.</li>
 *   <li>{@link dev.chorus.media.bwe.ProbeCluster} (inside the estimator) measures the rate a burst of padding got
 *       through; {@link dev.chorus.media.bwe.ProbeController} decides when to send one and how fast.</li>
 * </ul>
 *
 * <p>Engine use, per subscriber transport (one {@code SendSideBwe} and one {@code BitrateAllocator}): on each
 * egress RTP packet whose consumer negotiated the transport-cc extension, {@code onPacketSent(size, nowUs)} and
 * write the returned number into the extension; on RTPFB FMT 15 from the subscriber,
 * {@code onTransportCcFeedback}; on REMB, {@code onRemb}; then, a few times a second,
 * {@code allocator.allocate(bwe.refresh(nowUs), nowMs)}, hand each consumer's budget to its layer selector, send
 * {@code upgradeProbeBps} of padding, and start probe clusters ({@code startProbe}/{@code endProbe}) when the
 * {@code ProbeController} says so. The engine's {@code DownlinkControl} does exactly this.
 */
package dev.chorus.media.bwe;
