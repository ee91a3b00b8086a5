package dev.chorus.media.srtp;

/**
 * The DTLS-SRTP protection profiles Chorus negotiates (RFC 5764 §4.1.2, RFC 7714 §14.2), with the master key and
 * salt sizes the profile exports and the authentication tag sizes it appends to SRTP and SRTCP packets.
 */
public enum SrtpProfile {
    /** {@code SRTP_AES128_CM_HMAC_SHA1_80}: AES-128 counter mode, 80-bit HMAC-SHA1 tag (RFC 5764). */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10, 10),
    /** {@code SRTP_AEAD_AES_128_GCM}: AES-128-GCM with a 16-byte tag (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16);

    private final int protectionProfileId;
    private final int keyLength;
    private final int saltLength;
    private final int rtpAuthTagLength;
    private final int rtcpAuthTagLength;

    SrtpProfile(int protectionProfileId, int keyLength, int saltLength, int rtpAuthTagLength, int rtcpAuthTagLength) {
        this.protectionProfileId = protectionProfileId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.rtpAuthTagLength = rtpAuthTagLength;
        this.rtcpAuthTagLength = rtcpAuthTagLength;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Bytes the SRTP authentication tag adds to an RTP packet. */
    public int rtpAuthTagLength() {
        return rtpAuthTagLength;
    }

    /**
     * Bytes the SRTCP authentication tag adds to an RTCP packet (not counting the 4-byte SRTCP index that every
     * SRTCP packet also carries).
     */
    public int rtcpAuthTagLength() {
        return rtcpAuthTagLength;
    }

    /** The {@code SRTPProtectionProfile} value carried in the {@code use_srtp} extension. */
    public int protectionProfileId() {
        return protectionProfileId;
    }

    /** The profile with the given {@code use_srtp} id, or {@code null} if Chorus does not support it. */
    public static SrtpProfile fromProtectionProfileId(int id) {
        for (SrtpProfile p : values()) {
            if (p.protectionProfileId == id) {
                return p;
            }
        }
        return null;
    }
}
