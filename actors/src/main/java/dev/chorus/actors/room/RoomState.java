package dev.chorus.actors.room;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.CborSerializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The persistent state of a room, rebuilt from its {@link RoomEvent}s (and snapshots): whether it is open, its
 * settings, its joined members and their producers. Immutable: {@link #apply} returns a new state (a snapshot may
 * be serialized on another thread while the room goes on). Live, per-node facts (routers, connected peers that have
 * not joined yet, queued placements) are not here: they are rebuilt after recovery.
 *
 * @param createdBy {@code api} or {@code client}; null while the room is not open
 */
public record RoomState(boolean open, RoomSettings settings, String createdBy, Instant openedAt,
                        Map<String, Member> members, Map<String, RoomEntity.ProducerSummary> producers)
        implements CborSerializable {

    /** A joined peer. */
    public record Member(String displayName, JsonNode device, String nodeId, String remoteAddress, Instant joinedAt)
            implements CborSerializable {
    }

    public static final RoomState EMPTY = new RoomState(false, RoomSettings.DEFAULT, null, null, Map.of(), Map.of());

    public RoomState {
        members = members == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(members));
        producers = producers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(producers));
        settings = settings == null ? RoomSettings.DEFAULT : settings;
    }

    public boolean joined(String peerId) {
        return members.containsKey(peerId);
    }

    public RoomState apply(RoomEvent event) {
        if (event instanceof RoomEvent.RoomOpened e) {
            return new RoomState(true, e.settings(), e.createdBy(), e.at(), Map.of(), Map.of());
        }
        if (event instanceof RoomEvent.SettingsChanged e) {
            return new RoomState(open, e.settings(), createdBy, openedAt, members, producers);
        }
        if (event instanceof RoomEvent.PeerJoined e) {
            Map<String, Member> m = new LinkedHashMap<>(members);
            m.remove(e.peerId()); // a fresh join goes to the end of the join order
            m.put(e.peerId(), new Member(e.displayName(), e.device(), e.nodeId(), e.remoteAddress(), e.at()));
            return withMembers(m, producers);
        }
        if (event instanceof RoomEvent.PeerMoved e) {
            Member old = members.get(e.peerId());
            if (old == null) {
                return this;
            }
            Map<String, Member> m = new LinkedHashMap<>(members);
            m.put(e.peerId(), new Member(old.displayName(), old.device(), e.nodeId(), old.remoteAddress(),
                    old.joinedAt()));
            return withMembers(m, producers);
        }
        if (event instanceof RoomEvent.PeerRenamed e) {
            Member old = members.get(e.peerId());
            if (old == null) {
                return this;
            }
            Map<String, Member> m = new LinkedHashMap<>(members);
            m.put(e.peerId(), new Member(e.displayName(), old.device(), old.nodeId(), old.remoteAddress(),
                    old.joinedAt()));
            return withMembers(m, producers);
        }
        if (event instanceof RoomEvent.PeerLeft e) {
            Map<String, Member> m = new LinkedHashMap<>(members);
            m.remove(e.peerId());
            Map<String, RoomEntity.ProducerSummary> p = new LinkedHashMap<>(producers);
            p.values().removeIf(s -> s.peerId().equals(e.peerId()));
            return withMembers(m, p);
        }
        if (event instanceof RoomEvent.ProducerOpened e) {
            Map<String, RoomEntity.ProducerSummary> p = new LinkedHashMap<>(producers);
            p.put(e.producerId(), new RoomEntity.ProducerSummary(e.producerId(), e.peerId(), e.kind(), e.appData(),
                    e.nodeId()));
            return withMembers(members, p);
        }
        if (event instanceof RoomEvent.ProducerClosed e) {
            Map<String, RoomEntity.ProducerSummary> p = new LinkedHashMap<>(producers);
            p.remove(e.producerId());
            return withMembers(members, p);
        }
        if (event instanceof RoomEvent.RoomClosed) {
            return EMPTY;
        }
        throw new IllegalArgumentException("unknown room event " + event);
    }

    private RoomState withMembers(Map<String, Member> m, Map<String, RoomEntity.ProducerSummary> p) {
        return new RoomState(open, settings, createdBy, openedAt, m, p);
    }
}
