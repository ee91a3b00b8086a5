package dev.chorus.actors.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.media.speaker.DominantSpeaker;
import dev.chorus.media.speaker.DominantSpeakerConfig;
import dev.chorus.media.speaker.LevelSummary;
import dev.chorus.media.speaker.SpeakerVolume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The room's active-speaker state: a {@link DominantSpeaker} fed with the audio-level summaries the media nodes
 * post ({@link RoomEntity.AudioLevels}), and what the room must tell its peers about it. Transient (never journaled:
 * levels are live facts; a recovered room simply starts without a speaker). Confined to the room actor; time is an
 * argument ({@code nowMs}, milliseconds of any one clock).
 *
 * <p>Speakers are tracked per producer (a peer may publish two audio tracks) and reported per peer:
 * <ul>
 *   <li>{@code activeSpeaker} {@code {peerId, volume}} when the dominant speaker's peer changes (volume in dBov,
 *       -127..0), {@code {peerId: null}} when the floor falls silent or the dominant peer leaves;</li>
 *   <li>{@code speakingPeers} {@code {peerVolumes: [{peerId, volume}]}} (loudest first; empty on silence) when the
 *       list changes, at most once per {@link #SPEAKING_MIN_INTERVAL_MS}.</li>
 * </ul>
 * A peer that joins later is brought up to date with {@link #current}. The room calls {@link #evaluate} on a
 * timer ({@link #EVALUATE_EVERY_MS}) while {@link #busy} says there is something to follow, so a quiet room costs
 * nothing.
 */
final class RoomSpeakers {
    /** How often the room evaluates while busy. */
    static final long EVALUATE_EVERY_MS = 300;
    /** {@code speakingPeers} is sent at most this often. */
    static final long SPEAKING_MIN_INTERVAL_MS = 1000;
    /** After this long without a summary (and with nothing else pending) the evaluation timer may stop. */
    static final long IDLE_AFTER_MS = 2000;

    /** A notification for every joined peer. */
    record Notice(String method, JsonNode data) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final DominantSpeakerConfig config;
    private DominantSpeaker detector;
    /** Producer id → peer id of every speaker fed so far. */
    private final Map<String, String> peerOfProducer = new HashMap<>();
    private String notifiedPeer;
    private List<SpeakerVolume> sentSpeaking = List.of();
    private long speakingSentMs = Long.MIN_VALUE;
    private long lastSummaryMs = Long.MIN_VALUE;

    RoomSpeakers() {
        this(DominantSpeakerConfig.defaults());
    }

    RoomSpeakers(DominantSpeakerConfig config) {
        this.config = config;
        this.detector = new DominantSpeaker(config);
    }

    /**
     * Summaries from one media node, by producer id, arrived at {@code nowMs}. {@code peerOf} maps a producer id to
     * its peer (null for a producer the room does not know, or not audio: ignored).
     */
    void onLevels(Map<String, LevelSummary> levels, Function<String, String> peerOf, long nowMs) {
        levels.forEach((producerId, summary) -> {
            String peerId = peerOf.apply(producerId);
            if (peerId == null || summary == null || summary.subIntervalMs() != config.immediateMs()) {
                return;
            }
            peerOfProducer.put(producerId, peerId);
            detector.onSummary(producerId, summary, nowMs);
            lastSummaryMs = nowMs;
        });
    }

    /** Runs the detector at {@code nowMs}; returns what to notify (possibly nothing). */
    List<Notice> evaluate(long nowMs) {
        detector.evaluate(nowMs);
        List<Notice> out = new ArrayList<>(2);
        String dominantPeer = detector.dominant() == null ? null : peerOfProducer.get(detector.dominant());
        if (!java.util.Objects.equals(dominantPeer, notifiedPeer)) {
            notifiedPeer = dominantPeer;
            out.add(activeSpeaker(dominantPeer, detector.dominantVolume()));
        }
        List<SpeakerVolume> speaking = speakingPeers();
        if (!speaking.equals(sentSpeaking) && (speakingSentMs == Long.MIN_VALUE
                || nowMs - speakingSentMs >= SPEAKING_MIN_INTERVAL_MS)) {
            sentSpeaking = speaking;
            speakingSentMs = nowMs;
            out.add(speakingPeersNotice(speaking));
        }
        return out;
    }

    /**
     * Whether the room should keep evaluating: summaries arrived within {@link #IDLE_AFTER_MS}, or someone is still
     * dominant (the floor empties only after the detector's silence timeout), or a {@code speakingPeers} change
     * waits for its turn.
     */
    boolean busy(long nowMs) {
        return (lastSummaryMs != Long.MIN_VALUE && nowMs - lastSummaryMs < IDLE_AFTER_MS) || notifiedPeer != null
                || detector.dominant() != null || !speakingPeers().equals(sentSpeaking);
    }

    /** A peer left: its speakers are forgotten; if it held the floor, the floor is empty (notified). */
    List<Notice> removePeer(String peerId) {
        List<String> producers = new ArrayList<>();
        peerOfProducer.forEach((producer, peer) -> {
            if (peer.equals(peerId)) {
                producers.add(producer);
            }
        });
        List<Notice> out = new ArrayList<>(1);
        for (String producerId : producers) {
            out.addAll(removeProducer(producerId));
        }
        return out;
    }

    /** A producer closed: it is forgotten; if its peer held the floor through it, the floor is empty (notified). */
    List<Notice> removeProducer(String producerId) {
        String peerId = peerOfProducer.remove(producerId);
        if (peerId == null) {
            return List.of();
        }
        detector.removeSpeaker(producerId);
        if (peerId.equals(notifiedPeer) && !peerId.equals(peerOfProducer.get(detector.dominant()))) {
            notifiedPeer = null;
            return List.of(activeSpeaker(null, 0));
        }
        return List.of();
    }

    /**
     * What a peer that joins now must be told to catch up: the active speaker and the speaking peers as last
     * notified to the others (nothing while the room is silent).
     */
    List<Notice> current() {
        List<Notice> out = new ArrayList<>(2);
        if (notifiedPeer != null) {
            out.add(activeSpeaker(notifiedPeer, detector.dominantVolume()));
        }
        if (!sentSpeaking.isEmpty()) {
            out.add(speakingPeersNotice(sentSpeaking));
        }
        return out;
    }

    /** Forgets everything (the room closed). */
    void clear() {
        detector = new DominantSpeaker(config);
        peerOfProducer.clear();
        notifiedPeer = null;
        sentSpeaking = List.of();
        speakingSentMs = Long.MIN_VALUE;
        lastSummaryMs = Long.MIN_VALUE;
    }

    /** The peer last notified as active speaker, or null. */
    String activePeer() {
        return notifiedPeer;
    }

    /** The detector's speaking producers as peers: loudest first, one entry per peer (its loudest producer). */
    private List<SpeakerVolume> speakingPeers() {
        Map<String, Integer> byPeer = new LinkedHashMap<>();
        for (SpeakerVolume v : detector.speaking()) {
            String peerId = peerOfProducer.get(v.id());
            if (peerId != null) {
                byPeer.putIfAbsent(peerId, v.volume());
            }
        }
        List<SpeakerVolume> out = new ArrayList<>(byPeer.size());
        byPeer.forEach((peerId, volume) -> out.add(new SpeakerVolume(peerId, volume)));
        return List.copyOf(out);
    }

    private static Notice activeSpeaker(String peerId, int volume) {
        ObjectNode data = JSON.objectNode();
        if (peerId == null) {
            data.putNull("peerId");
        } else {
            data.put("peerId", peerId).put("volume", volume);
        }
        return new Notice("activeSpeaker", data);
    }

    private static Notice speakingPeersNotice(List<SpeakerVolume> speaking) {
        ObjectNode data = JSON.objectNode();
        ArrayNode list = data.putArray("peerVolumes");
        for (SpeakerVolume v : speaking) {
            list.addObject().put("peerId", v.id()).put("volume", v.volume());
        }
        return new Notice("speakingPeers", data);
    }
}
