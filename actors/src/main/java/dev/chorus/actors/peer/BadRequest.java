package dev.chorus.actors.peer;

/** A client request that cannot be served as sent; becomes a protoo error response with this code and reason. */
final class BadRequest extends RuntimeException {
    final int code;

    BadRequest(int code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }
}
