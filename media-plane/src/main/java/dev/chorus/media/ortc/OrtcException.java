package dev.chorus.media.ortc;

/**
 * Negotiation failure caused by what a client sent (bad RTP parameters, an unsupported codec, no codec in
 * common). The message is the client-facing reason and is meant to be returned as the protoo
 * {@code errorReason}.
 */
public final class OrtcException extends Exception {
    public OrtcException(String message) {
        super(message);
    }

    public OrtcException(String message, Throwable cause) {
        super(message, cause);
    }
}
