package dev.chorus.media.engine;

import dev.chorus.media.api.IceCandidate;
import dev.chorus.media.ice.IceCandidateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The ICE candidates a transport announces: the node's shared UDP port (unless the client forces TCP), then its
 * passive TCP port if there is one, both host candidates at the announced address, as mediasoup lists them (the
 * TCP candidate always has the second listen entry's preference).
 */
final class HostCandidates {
    private HostCandidates() {
    }

    /** {@code tcpPort} negative: no TCP candidate. */
    static List<IceCandidate> of(String announcedIp, int udpPort, int tcpPort, boolean forceTcp) {
        List<IceCandidate> list = new ArrayList<>(2);
        if (!forceTcp) {
            list.add(candidate(announcedIp, "udp", udpPort, 0, null));
        }
        if (tcpPort >= 0) {
            list.add(candidate(announcedIp, "tcp", tcpPort, 1, "passive"));
        }
        return list;
    }

    private static IceCandidate candidate(String ip, String protocol, int port, int listenIndex, String tcpType) {
        long priority = IceCandidateFactory.priority(IceCandidateFactory.localPreference(listenIndex, false));
        return new IceCandidate(IceCandidateFactory.foundation(protocol), priority, ip, ip, protocol, port, "host",
                tcpType);
    }
}
