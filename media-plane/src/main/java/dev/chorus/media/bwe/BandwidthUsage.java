package dev.chorus.media.bwe;

/** What the over-use detector concludes about the path's queue (draft-ietf-rmcat-gcc section 5.4). */
public enum BandwidthUsage {
    /** Queuing delay is stable: the path carries what is sent. */
    NORMAL,
    /** Queuing delay grows: more is sent than the path carries. */
    OVERUSE,
    /** Queuing delay shrinks: a queue is draining. */
    UNDERUSE
}
