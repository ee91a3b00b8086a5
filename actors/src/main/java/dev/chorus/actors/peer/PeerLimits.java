package dev.chorus.actors.peer;

import com.typesafe.config.Config;

/**
 * How much one peer may own at once ({@code chorus.limits.max-*-per-peer}): a request over a limit gets a 403 with
 * the limit in its reason, and a producer offered to a peer with all its consumers in use is not consumed.
 */
record PeerLimits(int transports, int producers, int consumers) {

    PeerLimits {
        if (transports < 1 || producers < 1 || consumers < 1) {
            throw new IllegalArgumentException("chorus.limits.max-transports/producers/consumers-per-peer must be "
                    + "at least 1");
        }
    }

    static PeerLimits from(Config config) {
        Config c = config.getConfig("chorus.limits");
        return new PeerLimits(c.getInt("max-transports-per-peer"), c.getInt("max-producers-per-peer"),
                c.getInt("max-consumers-per-peer"));
    }
}
