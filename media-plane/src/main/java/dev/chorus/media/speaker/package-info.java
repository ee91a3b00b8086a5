/**
 * Audio levels, dominant-speaker identification and last-N selection (issue 5).
 *
 * <p>The pieces and the threads that use them:
 * <ul>
 *   <li>{@link dev.chorus.media.speaker.AudioLevels}: reads the RFC 6464 {@code ssrc-audio-level} header extension
 *       from an {@link dev.chorus.media.rtp.RtpPacket} view; static, allocation-free, any thread.</li>
 *   <li>{@link dev.chorus.media.speaker.LevelAggregator}: one per audio producer, confined to the producer's media
 *       worker. Fed per packet without allocating; drained a few times a second into an immutable
 *       {@link dev.chorus.media.speaker.LevelSummary} that the worker posts to the room.</li>
 *   <li>{@link dev.chorus.media.speaker.DominantSpeaker}: one per room, confined to the room actor. Turns level
 *       summaries into the dominant speaker (Volfin &amp; Cohen, 2013) and the list of speaking peers.</li>
 *   <li>{@link dev.chorus.media.speaker.LastN}: pure functions choosing which peers' audio (N) and video (M) a
 *       subscriber receives, and what entered or left the sets.</li>
 * </ul>
 * None of these classes reads a clock: time is always an argument.
 */
package dev.chorus.media.speaker;
