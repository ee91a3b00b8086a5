package dev.chorus.media.ortc;

/** The RTP header extension URIs the router knows about (see the router's header extension table). */
public final class HeaderExtensionUris {
    /** RFC 8843 MID. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 8852 RtpStreamId (simulcast rid). */
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** RFC 8852 RepairedRtpStreamId (rid of the stream an RTX packet repairs). */
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /** Absolute send time (3-byte 6.18 fixed point seconds), used by REMB. */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** Transport-wide sequence number for transport-cc feedback. */
    public static final String TRANSPORT_WIDE_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** Frame marking, draft 07 URI. */
    public static final String FRAME_MARKING_07 = "http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07";
    /** Frame marking, URN form. */
    public static final String FRAME_MARKING = "urn:ietf:params:rtp-hdrext:framemarking";
    /** RFC 6464 client-to-mixer audio level. */
    public static final String SSRC_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** 3GPP coordination of video orientation. */
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
    /** RFC 5450 transmission time offset. */
    public static final String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";
    /** Absolute capture time. */
    public static final String ABS_CAPTURE_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
    /** Playout delay limits. */
    public static final String PLAYOUT_DELAY = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    private HeaderExtensionUris() {
    }
}
