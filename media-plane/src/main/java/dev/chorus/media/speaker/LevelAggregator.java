package dev.chorus.media.speaker;

import dev.chorus.media.rtp.RtpPacket;

/**
 * Collects the audio levels of one audio producer into fixed sub-intervals of wall time and hands them out a few
 * times a second as a {@link LevelSummary}.
 *
 * <p><b>Threads:</b> one instance per audio producer, confined to the producer's media worker: {@link #onPacket}
 * runs per packet and allocates nothing; {@link #drain} runs from the worker's timer (e.g. every 200 ms) and
 * allocates one summary. Not thread-safe.
 *
 * <p><b>Time:</b> sub-interval {@code k} is {@code [k * subIntervalMs, (k + 1) * subIntervalMs)} of the caller's
 * millisecond clock ({@code nowMs}, any epoch, must not run backwards by more than a sub-interval). A packet that
 * arrives with a time before the first sub-interval still to be drained is folded into that sub-interval.
 *
 * <p><b>What a sub-interval keeps:</b> the loudest level (smallest -dBov) of its packets that carry the extension
 * and are not DTX, whether any had the V flag, and packet / DTX / no-level counts. A sub-interval without such
 * packets reads as silence (127). Only the newest {@code maxIntervals} sub-intervals are kept between drains.
 */
public final class LevelAggregator {
    /** Default sub-interval: 50 ms, 2–3 Opus packets of 20 ms. Use the same value in {@link DominantSpeaker}. */
    public static final int DEFAULT_SUB_INTERVAL_MS = 50;
    /** Default number of sub-intervals kept between drains (1.6 s at 50 ms). */
    public static final int DEFAULT_MAX_INTERVALS = 32;

    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final int subIntervalMs;
    private final int maxIntervals;
    private final int quietLevel;
    private final long[] slotInterval;
    private final byte[] slotLevel;
    private final boolean[] slotVoice;
    private final int[] slotPackets;
    private final int[] slotDtx;
    private final int[] slotNoLevel;
    /** First sub-interval index not drained yet, or NOT_STARTED. */
    private long firstPending = NOT_STARTED;
    private boolean lastReportQuiet = true;

    /** An aggregator with the default sub-interval, capacity, and only true silence (127) counted as quiet. */
    public LevelAggregator() {
        this(DEFAULT_SUB_INTERVAL_MS, DEFAULT_MAX_INTERVALS, AudioLevels.SILENCE);
    }

    /**
     * @param subIntervalMs sub-interval length in ms (> 0)
     * @param maxIntervals sub-intervals kept between drains, 1..{@link LevelSummary#MAX_INTERVALS}
     * @param quietLevel a summary whose loudest level is {@code >= quietLevel} (-dBov) is "quiet": after one quiet
     *     summary, further quiet ones are not reported (see {@link #drain}). 127 suppresses only true silence; a
     *     lower value (e.g. 90) also suppresses faint background noise, cutting messages in large rooms
     */
    public LevelAggregator(int subIntervalMs, int maxIntervals, int quietLevel) {
        if (subIntervalMs <= 0) {
            throw new IllegalArgumentException("subIntervalMs must be > 0");
        }
        if (maxIntervals < 1 || maxIntervals > LevelSummary.MAX_INTERVALS) {
            throw new IllegalArgumentException("maxIntervals must be 1.." + LevelSummary.MAX_INTERVALS);
        }
        if (quietLevel < 0 || quietLevel > AudioLevels.SILENCE) {
            throw new IllegalArgumentException("quietLevel must be 0..127");
        }
        this.subIntervalMs = subIntervalMs;
        this.maxIntervals = maxIntervals;
        this.quietLevel = quietLevel;
        this.slotInterval = new long[maxIntervals];
        this.slotLevel = new byte[maxIntervals];
        this.slotVoice = new boolean[maxIntervals];
        this.slotPackets = new int[maxIntervals];
        this.slotDtx = new int[maxIntervals];
        this.slotNoLevel = new int[maxIntervals];
        java.util.Arrays.fill(slotInterval, NOT_STARTED);
    }

    /** Sub-interval length in ms. */
    public int subIntervalMs() {
        return subIntervalMs;
    }

    /**
     * Per packet, on the worker: reads the audio level (extension id {@code audioLevelExtId}, 0 when not
     * negotiated) and the DTX state of the wrapped {@code packet} and records them at {@code nowMs}.
     */
    public void onPacket(RtpPacket packet, int audioLevelExtId, long nowMs) {
        onPacket(AudioLevels.read(packet, audioLevelExtId), AudioLevels.isDtx(packet), nowMs);
    }

    /**
     * Per packet, on the worker: records one packet received at {@code nowMs}.
     *
     * @param rawLevel the raw extension byte from {@link AudioLevels#read} (V flag + level), or
     *     {@link AudioLevels#NONE} when the packet had no level
     * @param dtx whether the packet is an Opus DTX packet (its level is ignored)
     */
    public void onPacket(int rawLevel, boolean dtx, long nowMs) {
        long k = Math.floorDiv(nowMs, subIntervalMs);
        if (firstPending == NOT_STARTED) {
            firstPending = k;
        } else if (k < firstPending) {
            k = firstPending;
        } else if (k - firstPending >= maxIntervals) {
            firstPending = k - maxIntervals + 1;
        }
        int s = (int) Math.floorMod(k, (long) maxIntervals);
        if (slotInterval[s] != k) {
            slotInterval[s] = k;
            slotLevel[s] = (byte) AudioLevels.SILENCE;
            slotVoice[s] = false;
            slotPackets[s] = 0;
            slotDtx[s] = 0;
            slotNoLevel[s] = 0;
        }
        slotPackets[s]++;
        if (dtx) {
            slotDtx[s]++;
        } else if (rawLevel < 0) {
            slotNoLevel[s]++;
        } else {
            int level = AudioLevels.level(rawLevel);
            if (level < slotLevel[s]) {
                slotLevel[s] = (byte) level;
            }
            if (AudioLevels.voice(rawLevel)) {
                slotVoice[s] = true;
            }
        }
    }

    /**
     * From the worker's timer: the sub-intervals completed since the previous drain (those ending at or before
     * {@code nowMs}; at most {@code maxIntervals}, the newest), or null when there is nothing worth reporting:
     * no sub-interval completed, or the summary would be quiet and the previously reported one was quiet too (or
     * nothing was reported yet). So a producer that stops talking sends one quiet summary and then nothing until
     * it makes sound again; the receiver must read a missing summary as silence.
     */
    public LevelSummary drain(long nowMs) {
        long end = Math.floorDiv(nowMs, subIntervalMs);
        if (firstPending == NOT_STARTED) {
            firstPending = end;
            return null;
        }
        long from = Math.max(firstPending, end - maxIntervals);
        if (end <= from) {
            return null;
        }
        firstPending = end;
        int n = (int) (end - from);
        byte[] levels = new byte[n];
        long voiceMask = 0;
        int loudest = AudioLevels.SILENCE;
        int packets = 0;
        int dtx = 0;
        int noLevel = 0;
        for (int i = 0; i < n; i++) {
            long k = from + i;
            int s = (int) Math.floorMod(k, (long) maxIntervals);
            if (slotInterval[s] != k) {
                levels[i] = (byte) AudioLevels.SILENCE;
                continue;
            }
            levels[i] = slotLevel[s];
            loudest = Math.min(loudest, slotLevel[s]);
            if (slotVoice[s]) {
                voiceMask |= 1L << i;
            }
            packets += slotPackets[s];
            dtx += slotDtx[s];
            noLevel += slotNoLevel[s];
        }
        boolean quiet = loudest >= quietLevel;
        if (quiet && lastReportQuiet) {
            return null;
        }
        lastReportQuiet = quiet;
        return new LevelSummary(subIntervalMs, levels, voiceMask, loudest, packets, dtx, noLevel);
    }
}
