package dev.chorus.media;

/** Shared threshold of the allocation tests that measure a thread's allocated-bytes counter around a hot loop. */
public final class AllocationBudget {
    /**
     * Bytes a measured loop may show in all (not per iteration): the counter read and code not yet compiled can
     * allocate a few dozen bytes once; one object per packet in these loops would be hundreds of kilobytes.
     */
    public static final long ONE_TIME_SLACK_BYTES = 1024;

    private AllocationBudget() {
    }
}
