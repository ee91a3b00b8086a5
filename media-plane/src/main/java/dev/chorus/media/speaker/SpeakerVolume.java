package dev.chorus.media.speaker;

/**
 * One speaking peer and its recent volume, as notified in {@code speakingPeers} / {@code activeSpeaker}.
 *
 * @param id the speaker id given to {@link DominantSpeaker#onSummary}
 * @param volume mean level of its recent non-silent slots in dBov: -127 (silence) .. 0 (loudest)
 */
public record SpeakerVolume(String id, int volume) {
}
