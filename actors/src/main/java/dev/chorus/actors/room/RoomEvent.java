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

    /** {@code source}: what the client said it publishes ({@code mic}, {@code camera}, {@code screen}) or null. */
    record ProducerOpened(String peerId, String producerId, String kind, String source, Instant at)
            implements RoomEvent {
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
