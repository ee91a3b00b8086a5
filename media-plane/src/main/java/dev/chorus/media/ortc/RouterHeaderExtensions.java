package dev.chorus.media.ortc;

import static dev.chorus.media.ortc.HeaderExtensionUris.ABS_CAPTURE_TIME;
import static dev.chorus.media.ortc.HeaderExtensionUris.ABS_SEND_TIME;
import static dev.chorus.media.ortc.HeaderExtensionUris.FRAME_MARKING;
import static dev.chorus.media.ortc.HeaderExtensionUris.FRAME_MARKING_07;
import static dev.chorus.media.ortc.HeaderExtensionUris.MID;
import static dev.chorus.media.ortc.HeaderExtensionUris.PLAYOUT_DELAY;
import static dev.chorus.media.ortc.HeaderExtensionUris.REPAIRED_RTP_STREAM_ID;
import static dev.chorus.media.ortc.HeaderExtensionUris.RTP_STREAM_ID;
import static dev.chorus.media.ortc.HeaderExtensionUris.SSRC_AUDIO_LEVEL;
import static dev.chorus.media.ortc.HeaderExtensionUris.TOFFSET;
import static dev.chorus.media.ortc.HeaderExtensionUris.TRANSPORT_WIDE_CC;
import static dev.chorus.media.ortc.HeaderExtensionUris.VIDEO_ORIENTATION;

import java.util.List;

/**
 * The header extensions every router advertises, whatever its codecs. The ids are also the ids the
 * forwarding engine uses internally. Directions are the router's: {@code recvonly} = accepted from
 * producers, never sent to consumers.
 */
final class RouterHeaderExtensions {
    static final List<RtpHeaderExtensionCapability> ALL = List.of(
            ext("audio", MID, 1, "sendrecv"),
            ext("video", MID, 1, "sendrecv"),
            ext("video", RTP_STREAM_ID, 2, "recvonly"),
            ext("video", REPAIRED_RTP_STREAM_ID, 3, "recvonly"),
            ext("audio", ABS_SEND_TIME, 4, "sendrecv"),
            ext("video", ABS_SEND_TIME, 4, "sendrecv"),
            ext("audio", TRANSPORT_WIDE_CC, 5, "recvonly"),
            ext("video", TRANSPORT_WIDE_CC, 5, "sendrecv"),
            ext("video", FRAME_MARKING_07, 6, "sendrecv"),
            ext("video", FRAME_MARKING, 7, "sendrecv"),
            ext("audio", SSRC_AUDIO_LEVEL, 10, "sendrecv"),
            ext("video", VIDEO_ORIENTATION, 11, "sendrecv"),
            ext("video", TOFFSET, 12, "sendrecv"),
            ext("audio", ABS_CAPTURE_TIME, 13, "sendrecv"),
            ext("video", ABS_CAPTURE_TIME, 13, "sendrecv"),
            ext("audio", PLAYOUT_DELAY, 14, "sendrecv"),
            ext("video", PLAYOUT_DELAY, 14, "sendrecv"));

    private RouterHeaderExtensions() {
    }

    private static RtpHeaderExtensionCapability ext(String kind, String uri, int id, String direction) {
        return new RtpHeaderExtensionCapability(kind, uri, id, Boolean.FALSE, direction);
    }
}
