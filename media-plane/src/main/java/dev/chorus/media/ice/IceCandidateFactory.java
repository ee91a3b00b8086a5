package dev.chorus.media.ice;

/**
 * Candidate attributes the way mediasoup announces them (MEDIASOUP_COMPAT §4.2): host candidates only,
 * component 1, foundation {@code udpcandidate}/{@code tcpcandidate}, RFC 8445 §5.1.2.1 priority with type
 * preference 64.
 */
public final class IceCandidateFactory {
    /** Type preference of a host candidate. */
    public static final int HOST_TYPE_PREFERENCE = 64;
    /** Local preference of the first listen entry. */
    public static final int BASE_LOCAL_PREFERENCE = 10000;
    /** Local preference lost for each further listen entry. */
    public static final int LOCAL_PREFERENCE_STEP = 100;
    /** Local preference gained by the preferred protocol (preferUdp / preferTcp). */
    public static final int PREFERRED_PROTOCOL_BONUS = 1000;

    private IceCandidateFactory() {
    }

    /**
     * {@code 2^24 * 64 + 2^8 * localPreference + (256 - 1)} for a host candidate of component 1.
     *
     * @throws IllegalArgumentException if {@code localPreference} is outside 0..65535
     */
    public static long priority(int localPreference) {
        if (localPreference < 0 || localPreference > 0xFFFF) {
            throw new IllegalArgumentException("localPreference must be 0..65535: " + localPreference);
        }
        return (1L << 24) * HOST_TYPE_PREFERENCE + (1L << 8) * localPreference + (256 - 1);
    }

    /**
     * mediasoup's local preference: 10000 for the first listen entry, 100 less for each further one, plus 1000
     * for the preferred protocol. Never below 0.
     */
    public static int localPreference(int listenIndex, boolean preferredProtocol) {
        int index = Math.min(Math.max(0, listenIndex), BASE_LOCAL_PREFERENCE / LOCAL_PREFERENCE_STEP);
        int pref = BASE_LOCAL_PREFERENCE - LOCAL_PREFERENCE_STEP * index
                + (preferredProtocol ? PREFERRED_PROTOCOL_BONUS : 0);
        return Math.max(0, pref);
    }

    /** {@code udpcandidate} or {@code tcpcandidate}. */
    public static String foundation(String protocol) {
        if ("udp".equals(protocol)) {
            return "udpcandidate";
        }
        if ("tcp".equals(protocol)) {
            return "tcpcandidate";
        }
        throw new IllegalArgumentException("protocol must be udp or tcp: " + protocol);
    }
}
