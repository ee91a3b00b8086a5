package dev.chorus.media.rtcp;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Straightforward reference for {@link NackGenerator}'s documented rules, over a sorted map keyed by extended
 * sequence number (allocates freely; test use only). Entries are {@code {timeMs, tries}}.
 */
final class NackModel {
    private final int maxPackets;
    private final int maxRetries;
    private final long gapDelayMs;
    private final long retryMs;
    private final int maxAge;
    private final TreeMap<Long, long[]> entries = new TreeMap<>();
    private boolean started;
    private long highest;
    private boolean keyFrame;
    long recovered;
    long givenUp;

    NackModel(int maxPackets, int maxRetries, long gapDelayMs, long retryMs, int maxAge) {
        this.maxPackets = maxPackets;
        this.maxRetries = maxRetries;
        this.gapDelayMs = gapDelayMs;
        this.retryMs = retryMs;
        this.maxAge = maxAge;
    }

    boolean onPacket(int seq, boolean isKey, long now) {
        int s = seq & 0xFFFF;
        if (!started) {
            started = true;
            highest = s;
            return false;
        }
        int d = (short) (s - (int) (highest & 0xFFFF));
        long ext = highest + d;
        if (d > 0) {
            long previous = highest;
            highest = ext;
            if (isKey) {
                entries.clear();
                keyFrame = false;
                return false;
            }
            int tooOld = entries.headMap(highest - maxAge, false).size();
            entries.headMap(highest - maxAge, false).clear();
            givenUp += tooOld;
            keyFrame |= tooOld > 0;
            if (entries.size() + (d - 1) > maxPackets) {
                entries.clear();
                keyFrame = true;
                return false;
            }
            for (long e = previous + 1; e < ext; e++) {
                entries.put(e, new long[] {now, 0});
            }
            return false;
        }
        if (d == 0) {
            return false;
        }
        if (-d > maxAge) {
            entries.clear();
            highest = ext;
            keyFrame = !isKey;
            return false;
        }
        long[] e = entries.remove(ext);
        if (isKey) {
            entries.headMap(ext, false).clear();
        }
        boolean nacked = e != null && e[1] > 0;
        if (nacked) {
            recovered++;
        }
        return nacked;
    }

    int dueNacks(long now, int[] out, int capacity) {
        int n = 0;
        for (Iterator<Map.Entry<Long, long[]>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, long[]> entry = it.next();
            long[] e = entry.getValue();
            if (now - e[0] < (e[1] == 0 ? gapDelayMs : retryMs)) {
                continue;
            }
            if (e[1] >= maxRetries) {
                it.remove();
                givenUp++;
                keyFrame = true;
            } else if (n < capacity) {
                out[n++] = (int) (entry.getKey() & 0xFFFF);
                e[1]++;
                e[0] = now;
            }
        }
        return n;
    }

    int pending() {
        return entries.size();
    }

    boolean keyFrameNeeded() {
        boolean k = keyFrame;
        keyFrame = false;
        return k;
    }
}
