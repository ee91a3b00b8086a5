package dev.chorus.media.api;

/** A refused media-plane operation; the message is meant for the client (it becomes a protoo errorReason). */
public final class MediaException extends RuntimeException {
    private final int code;

    public MediaException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public MediaException(String message) {
        this(500, message);
    }

    /** A protoo/HTTP-like error code: 400 bad parameters, 404 unknown id, 409 conflict, 500 otherwise. */
    public int code() {
        return code;
    }
}
