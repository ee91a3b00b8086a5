package dev.chorus.media.rtcp;

/**
 * De-duplicates key-frame requests (PLI/FIR) sent upstream to a producer, per media SSRC. A request is "pending"
 * from when it is sent until a key frame arrives or {@link #timeoutMs()} passes. While pending, further asks are
 * not sent but set a retry flag; when the pending request times out with the flag set, it is due again
 * ({@link #retryDue} / {@link #dueRetries}), otherwise it is simply dropped.
 *
 * <p>Holds a small fixed number of SSRCs (a producer has a few encodings); when full, an idle entry is reused,
 * else the one pending longest. Single-threaded; time is passed in; allocation-free.
 */
public final class KeyFrameRequestManager {
    /** Default time a request stays pending. */
    public static final long DEFAULT_TIMEOUT_MS = 1000;
    /** Default number of SSRCs tracked. */
    public static final int DEFAULT_CAPACITY = 8;

    private final long timeoutMs;
    private final long[] ssrcs;
    private final long[] sentAtMs;
    private final boolean[] used;
    private final boolean[] pending;
    private final boolean[] retry;

    /** Eight SSRCs, 1000 ms timeout. */
    public KeyFrameRequestManager() {
        this(DEFAULT_CAPACITY, DEFAULT_TIMEOUT_MS);
    }

    public KeyFrameRequestManager(int capacity, long timeoutMs) {
        if (capacity <= 0 || timeoutMs <= 0) {
            throw new IllegalArgumentException("capacity and timeoutMs must be positive");
        }
        this.timeoutMs = timeoutMs;
        this.ssrcs = new long[capacity];
        this.sentAtMs = new long[capacity];
        this.used = new boolean[capacity];
        this.pending = new boolean[capacity];
        this.retry = new boolean[capacity];
    }

    /**
     * Asks for a key frame from {@code ssrc}. Returns true if a PLI/FIR should be sent now (nothing pending, or the
     * pending request has timed out); the request is then pending from {@code nowMs}. Returns false while a request
     * is pending, and marks it for a retry when it times out.
     */
    public boolean shouldSend(long ssrc, long nowMs) {
        int i = find(ssrc);
        if (i >= 0 && pending[i] && nowMs - sentAtMs[i] < timeoutMs) {
            retry[i] = true;
            return false;
        }
        if (i < 0) {
            i = slotFor(ssrc);
        }
        arm(i, nowMs);
        return true;
    }

    /** A key frame from {@code ssrc} arrived: nothing is pending for it any more. */
    public void onKeyFrame(long ssrc) {
        int i = find(ssrc);
        if (i >= 0) {
            pending[i] = false;
            retry[i] = false;
        }
    }

    /**
     * True if the pending request for {@code ssrc} has timed out and was asked for again meanwhile: the caller
     * sends a new PLI/FIR, which is pending from {@code nowMs}. A timed-out request without a retry flag is
     * dropped.
     */
    public boolean retryDue(long ssrc, long nowMs) {
        int i = find(ssrc);
        return i >= 0 && expire(i, nowMs);
    }

    /**
     * Collects every SSRC whose request is due for a retry (as {@link #retryDue}) into {@code out}; returns how
     * many. Entries that do not fit in {@code out} stay due for the next call.
     */
    public int dueRetries(long nowMs, long[] out) {
        int n = 0;
        for (int i = 0; i < ssrcs.length; i++) {
            if (!used[i] || !pending[i] || nowMs - sentAtMs[i] < timeoutMs) {
                continue;
            }
            if (retry[i] && (out == null || n >= out.length)) {
                continue;
            }
            if (expire(i, nowMs)) {
                out[n++] = ssrcs[i];
            }
        }
        return n;
    }

    /** True while a request for {@code ssrc} is pending and not yet timed out at {@code nowMs}. */
    public boolean isPending(long ssrc, long nowMs) {
        int i = find(ssrc);
        return i >= 0 && pending[i] && nowMs - sentAtMs[i] < timeoutMs;
    }

    /** Forgets {@code ssrc} (its producer stream went away). */
    public void remove(long ssrc) {
        int i = find(ssrc);
        if (i >= 0) {
            used[i] = false;
            pending[i] = false;
            retry[i] = false;
        }
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    private boolean expire(int i, long nowMs) {
        if (!pending[i] || nowMs - sentAtMs[i] < timeoutMs) {
            return false;
        }
        if (retry[i]) {
            arm(i, nowMs);
            return true;
        }
        pending[i] = false;
        return false;
    }

    private void arm(int i, long nowMs) {
        pending[i] = true;
        retry[i] = false;
        sentAtMs[i] = nowMs;
    }

    private int find(long ssrc) {
        for (int i = 0; i < ssrcs.length; i++) {
            if (used[i] && ssrcs[i] == ssrc) {
                return i;
            }
        }
        return -1;
    }

    private int slotFor(long ssrc) {
        int victim = -1;
        for (int i = 0; i < ssrcs.length; i++) {
            if (!used[i] || !pending[i]) {
                victim = i;
                break;
            }
            if (victim < 0 || sentAtMs[i] < sentAtMs[victim]) {
                victim = i;
            }
        }
        used[victim] = true;
        ssrcs[victim] = ssrc;
        pending[victim] = false;
        retry[victim] = false;
        return victim;
    }
}
