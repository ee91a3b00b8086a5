package dev.chorus.media.engine;

/**
 * Where a producer's packets come from: a {@link WebRtcTransport} (a browser publishing) or a {@link PipeIn} (the
 * same producer re-injected from another node). The producer asks its host for key frames and is removed from it
 * when it closes; both run on the host's worker.
 */
interface ProducerHost {
    MediaWorker worker();

    Router router();

    /** Asks the source of {@code mediaSsrc} for a key frame (PLI or FIR to a browser, PLI over the pipe). */
    void sendKeyFrameRequest(Producer p, long mediaSsrc);

    void removeProducer(Producer p);
}
