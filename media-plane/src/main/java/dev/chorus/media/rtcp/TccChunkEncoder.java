package dev.chorus.media.rtcp;

/**
 * Packs a list of transport-cc status symbols (0 not received, 1 small delta, 2 large delta) into packet status
 * chunks, greedily: at each position it takes a run-length chunk if the run of equal symbols covers at least as
 * much as a status vector could, else a 1-bit vector (14 symbols, when none of them needs a large delta), else a
 * 2-bit vector (7 symbols). Every chunk but the last covers at least 7 symbols. The chunk list can then be cut at
 * any symbol count with {@link #chunkValue(int, int)}. Reused between feedback packets; not thread-safe.
 */
final class TccChunkEncoder {
    static final int MAX_RUN = 0x1FFF;

    private final int[] value;
    private final int[] start;
    private final int[] length;
    private int chunks;

    TccChunkEncoder(int maxSymbols) {
        int n = maxSymbols / 7 + 2;
        value = new int[n];
        start = new int[n];
        length = new int[n];
    }

    /** Encodes {@code symbols[0, count)}; returns the number of chunks. */
    int encode(byte[] symbols, int count) {
        chunks = 0;
        int i = 0;
        while (i < count) {
            int remaining = count - i;
            int s = symbols[i];
            int run = 1;
            while (run < remaining && run < MAX_RUN && symbols[i + run] == s) {
                run++;
            }
            int window = Math.min(14, remaining);
            boolean small = true;
            for (int k = 0; k < window && small; k++) {
                small = symbols[i + k] != TransportCcFeedbacks.LARGE;
            }
            int cover = small ? window : Math.min(7, remaining);
            int v;
            int len;
            if (run >= cover) {
                v = (s << 13) | run;
                len = run;
            } else if (small) {
                v = 0x8000;
                for (int k = 0; k < window; k++) {
                    v |= symbols[i + k] << (13 - k);
                }
                len = window;
            } else {
                v = 0xC000;
                for (int k = 0; k < cover; k++) {
                    v |= symbols[i + k] << (12 - 2 * k);
                }
                len = cover;
            }
            value[chunks] = v;
            start[chunks] = i;
            length[chunks] = len;
            chunks++;
            i += len;
        }
        return chunks;
    }

    int chunks() {
        return chunks;
    }

    int start(int chunk) {
        return start[chunk];
    }

    int length(int chunk) {
        return length[chunk];
    }

    /** Index of the chunk that holds symbol {@code symbol}. */
    int chunkOf(int symbol) {
        int c = 0;
        while (c + 1 < chunks && start[c + 1] <= symbol) {
            c++;
        }
        return c;
    }

    /**
     * The 16-bit value of {@code chunk} when only its first {@code used} symbols count (1..length): a run is
     * shortened, and unused vector slots are cleared.
     */
    int chunkValue(int chunk, int used) {
        int v = value[chunk];
        if (used >= length[chunk]) {
            return v;
        }
        if ((v & 0x8000) == 0) {
            return (v & 0x6000) | used;
        }
        int freeBits = (v & 0x4000) == 0 ? 14 - used : 14 - 2 * used;
        return v & ~((1 << freeBits) - 1);
    }
}
