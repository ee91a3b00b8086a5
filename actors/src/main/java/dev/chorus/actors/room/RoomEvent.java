package dev.chorus.actors.room;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.CborSerializable;
import java.time.Instant;

/**
 * The facts a room journals (persistence id {@code Room|<roomId>}, tag {@value #TAG}): control-plane facts only,
 * never packets, stats or ICE events. Each event carries the time it happened. Events are stored in Jackson CBOR;
 * how one is evolved is described in docs/persistence-events.md (add fields as optional, rename or reshape through
 * a Jackson migration, never reuse a name for a different meaning).
 */
public sealed interface RoomEvent extends CborSerializable {
    /** The tag every room event carries; the history projection reads it. */
    String TAG = "room";

    Instant at();

    /**
     * The room came into being: created through the API ({@code createdBy = "api"}), or by the first client that
     * connected to an unknown room id ({@code "client"}).
     */
    record RoomOpened(String roomId, RoomSettings settings, String createdBy, Instant at) implements RoomEvent {
    }

    record SettingsChanged(RoomSettings settings, Instant at) implements RoomEvent {
    }

    /**
     * A peer joined. {@code nodeId}: the node holding its media; {@code remoteAddress}: where its signaling
     * connection came from (as the node saw it; may be a proxy's address).
     */
    record PeerJoined(String peerId, String displayName, JsonNode device, String nodeId, String remoteAddress,
                      Instant at) implements RoomEvent {
    }

    /** A joined peer's media moved to another node (it was re-placed after its node was lost). */
    record PeerMoved(String peerId, String nodeId, Instant at) implements RoomEvent {
    }

    record PeerRenamed(String peerId, String displayName, Instant at) implements RoomEvent {
    }

    /** A joined peer left; its producers are closed with it. */
    record PeerLeft(String peerId, LeaveReason reason, Instant at) implements RoomEvent {
    }

    /**
     * {@code source}: what the client said it publishes ({@code mic}, {@code camera}, {@code screen}) or null;
     * {@code appData}: the client's application data for the producer (handed to consumers); {@code nodeId}: the
     * node where the producer's media enters.
     */
    record ProducerOpened(String peerId, String producerId, String kind, String source, JsonNode appData,
                          String nodeId, Instant at) implements RoomEvent {

        /**
         * The source a client gave in a producer's appData ({@code source}, as mediasoup-demo sends it), as
         * {@code mic}, {@code camera} or {@code screen} (also for {@code webcam} and {@code share}); another value is
         * kept as given (at most 32 characters), and none gives null.
         */
        public static String sourceOf(JsonNode appData) {
            if (appData == null || !appData.hasNonNull("source") || !appData.get("source").isTextual()) {
                return null;
            }
            String s = appData.get("source").asText();
            return switch (s) {
                case "mic", "microphone", "audio" -> "mic";
                case "webcam", "camera", "cam", "video" -> "camera";
                case "share", "screen", "screenshare" -> "screen";
                default -> s.length() > 32 ? s.substring(0, 32) : s;
            };
        }
    }

    record ProducerClosed(String peerId, String producerId, Instant at) implements RoomEvent {
    }

    /**
     * The room ended: {@code reason} {@code "empty"} (an implicitly created room whose last peer left) or
     * {@code "deleted"} (through the API). Every peer still joined has a {@link PeerLeft} before it.
     */
    record RoomClosed(String reason, Instant at) implements RoomEvent {
    }

    /** Why a peer left. */
    enum LeaveReason {
        /** The client left (a close handshake, or it closed its session). */
        LEFT,
        /** The connection was lost and the client did not come back within the grace period. */
        GRACE_EXPIRED,
        /** Removed by an operator. */
        KICKED,
        /** The node holding its session or media went away and it did not come back. */
        NODE_LOST,
        /** The room was closed (deleted through the API). */
        ROOM_CLOSED
    }
}
