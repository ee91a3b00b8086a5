package dev.chorus.ops.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Join time per participant: from its WebSocket open to the first media packet it received. A participant that
 * opened before anybody else was publishing cannot get media before then, so for it the clock starts when the
 * first <em>other</em> publisher completed its join; otherwise a grid's first joiners would report how long the
 * ramp-up took. Participants that received nothing have no join time.
 */
final class JoinTimes {
    private JoinTimes() {
    }

    /** One participant's instants ({@link System#nanoTime()}; 0 = never). */
    record Sample(long wsOpenNanos, long joinedNanos, long firstMediaNanos, boolean publishes) {
    }

    /** Join times in milliseconds of the samples that received media. */
    static double[] millis(List<Sample> samples) {
        long first = Long.MAX_VALUE;
        long second = Long.MAX_VALUE;
        for (Sample s : samples) {
            if (s.publishes() && s.joinedNanos() != 0) {
                if (s.joinedNanos() < first) {
                    second = first;
                    first = s.joinedNanos();
                } else if (s.joinedNanos() < second) {
                    second = s.joinedNanos();
                }
            }
        }
        List<Double> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.firstMediaNanos() == 0 || s.wsOpenNanos() == 0) {
                continue;
            }
            boolean isFirst = s.publishes() && s.joinedNanos() == first;
            long otherPublisher = isFirst ? second : first;
            long start = otherPublisher == Long.MAX_VALUE ? s.wsOpenNanos() : Math.max(s.wsOpenNanos(), otherPublisher);
            out.add(Math.max(0, s.firstMediaNanos() - start) / 1e6);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
