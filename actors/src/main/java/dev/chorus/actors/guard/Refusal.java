package dev.chorus.actors.guard;

import java.util.Locale;

/**
 * Why the node refused something a client asked for: a connection, a request or a resource. Every refusal gets a
 * clear error for the client (an HTTP status, a protoo error response or a close reason) and is counted once under
 * one of these reasons (see {@link RefusalCounter}), so an operator can tell abuse from misconfiguration.
 */
public enum Refusal {
    /** Joining needs a token and none was given. */
    TOKEN_MISSING,
    /** The token is malformed, its signature or algorithm is wrong, or a claim is missing or invalid. */
    TOKEN_INVALID,
    /** The token's {@code exp} has passed (or its {@code nbf} has not come yet). */
    TOKEN_EXPIRED,
    /** The token is for another room or another peer id than the URL's. */
    TOKEN_MISMATCH,
    /** The WebSocket's {@code Origin} is not on the allow-list. */
    ORIGIN_NOT_ALLOWED,
    /** A REST call without the admin credential. */
    ADMIN_UNAUTHORIZED,
    /** A signaling request over the connection's rate limit (answered with 429). */
    RATE_LIMITED,
    /** A connection that kept sending over its rate limit was closed. */
    RATE_LIMIT_CLOSED,
    /** A signaling frame over the size limit. */
    MESSAGE_TOO_LARGE,
    /** The peer's role does not allow the request (a viewer publishing, a guest kicking, ...). */
    ROLE_FORBIDDEN,
    /** The room's {@code publish} setting does not let this peer publish. */
    PUBLISH_NOT_ALLOWED,
    /** The peer has as many transports as it may. */
    TRANSPORT_LIMIT,
    /** The peer has as many producers as it may. */
    PRODUCER_LIMIT,
    /** The peer has as many consumers as it may (a further producer is not offered to it). */
    CONSUMER_LIMIT,
    /** The room has as many participants as it may. */
    ROOM_FULL;

    /** The lower-case name used in logs, JSON error bodies and metric labels ({@code token_expired}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
