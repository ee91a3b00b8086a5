package dev.chorus.media.bwe;

/** The rule for a slot's table of layer options in {@link BitrateAllocator}. */
final class LayerBitrates {
    private LayerBitrates() {
    }

    /**
     * Checks the first {@code count} entries: 1 to {@link BitrateAllocator#MAX_LAYERS} of them, each
     * {@link BitrateAllocator#UNAVAILABLE} or a non-negative bitrate not below the available ones before it.
     */
    static void validate(long[] layerBps, int count) {
        if (count < 1 || count > BitrateAllocator.MAX_LAYERS || count > layerBps.length) {
            throw new IllegalArgumentException("layer count must be 1.." + BitrateAllocator.MAX_LAYERS + ": " + count);
        }
        long last = -1;
        for (int i = 0; i < count; i++) {
            long r = layerBps[i];
            if (r == BitrateAllocator.UNAVAILABLE) {
                continue;
            }
            if (r < 0 || r < last) {
                throw new IllegalArgumentException("layer bitrates must be non-negative and not decrease");
            }
            last = r;
        }
    }
}
