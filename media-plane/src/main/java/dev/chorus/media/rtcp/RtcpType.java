package dev.chorus.media.rtcp;

/**
 * RTCP packet type (PT) values and the feedback message types (FMT, carried in the count field) that Chorus
 * reads and writes. Sources: RFC 3550 (SR..APP), RFC 3611 (XR), RFC 4585 (RTPFB/PSFB, NACK, PLI), RFC 5104 (FIR),
 * draft-alvestrand-rmcat-remb (REMB is an application-layer PSFB) and
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 (transport-cc is RTPFB FMT 15).
 */
public final class RtcpType {
    /** Sender report. */
    public static final int SR = 200;
    /** Receiver report. */
    public static final int RR = 201;
    /** Source description. */
    public static final int SDES = 202;
    /** Goodbye. */
    public static final int BYE = 203;
    /** Application-defined. */
    public static final int APP = 204;
    /** Transport-layer feedback. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback. */
    public static final int PSFB = 206;
    /** Extended report. */
    public static final int XR = 207;

    /** RTPFB FMT: generic NACK. */
    public static final int NACK = 1;
    /** RTPFB FMT: transport-wide congestion control feedback. */
    public static final int TCC = 15;
    /** PSFB FMT: picture loss indication. */
    public static final int PLI = 1;
    /** PSFB FMT: full intra request. */
    public static final int FIR = 4;
    /** PSFB FMT: application-layer feedback (REMB when the FCI starts with "REMB"). */
    public static final int AFB = 15;

    /** SDES item type of the canonical name. */
    public static final int SDES_CNAME = 1;

    /** Lowest packet type that RFC 5761 reserves for RTCP. */
    public static final int FIRST_RTCP_TYPE = 192;
    /** Highest packet type that RFC 5761 reserves for RTCP. */
    public static final int LAST_RTCP_TYPE = 223;

    private RtcpType() {
    }
}
