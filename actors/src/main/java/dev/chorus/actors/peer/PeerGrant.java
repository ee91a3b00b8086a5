package dev.chorus.actors.peer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.chorus.actors.CborSerializable;
import java.util.Locale;

/**
 * What a peer may do in its room, as its join token granted it, or {@link #OPEN} when the node checks no tokens.
 * Part of the peer's replicated state, so it survives a reconnect within the grace period and a move to another
 * node.
 *
 * @param role        what the peer may do
 * @param displayName the name the token gave the peer, or null (then the client chooses it in {@code join})
 */
public record PeerGrant(Role role, String displayName) implements CborSerializable {

    /**
     * {@code host}: publish, close other peers' producers, remove peers, close the room; {@code guest}: publish;
     * {@code viewer}: subscribe only. Written in lower case (tokens, JSON, docs).
     */
    public enum Role {
        HOST, GUEST, VIEWER;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for anything but host, guest or viewer */
        @JsonCreator
        public static Role of(String value) {
            if (value != null) {
                for (Role r : values()) {
                    if (r.json().equals(value)) {
                        return r;
                    }
                }
            }
            throw new IllegalArgumentException("role must be 'host', 'guest' or 'viewer', not '" + value + "'");
        }
    }

    /** The grant of every peer when the node checks no tokens: a guest that names itself. */
    public static final PeerGrant OPEN = new PeerGrant(Role.GUEST, null);

    public PeerGrant {
        role = role == null ? Role.GUEST : role;
    }

    public boolean mayPublish() {
        return role != Role.VIEWER;
    }

    public boolean isHost() {
        return role == Role.HOST;
    }
}
