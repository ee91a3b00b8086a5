package dev.chorus.ops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.ChorusNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Active speaker end to end in headless Chromium through a real node: one participant publishes a loud WebAudio
 * tone, another a silent WebAudio track (Chrome's fake microphone beeps, so it cannot stand for silence), and a
 * third uses Chorus's own web client without microphone or camera. Chrome writes the RFC 6464 audio level of
 * what it sends into every packet; the node aggregates it, the room picks the dominant speaker, and every other
 * participant is told: the plain mediasoup-client apps record {@code activeSpeaker} / {@code speakingPeers}, the
 * web client highlights the speaker's tile. When the tone goes quiet, the floor empties ({@code peerId: null}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActiveSpeakerE2ETest {
    private static final String ROOM = "speaker-room";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ChorusNode node;
    private HarnessBrowser browser;

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start();
        browser = HarnessBrowser.launch();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private Tab harnessPeer(String peerId, String audio, boolean firstTab) {
        String ws = HarnessBrowser.wsUrl(node.httpPort(), ROOM, peerId);
        Tab t = browser.harness(peerId, firstTab);
        JsonNode joined = t.eval("window.harness.join({wsUrl: '" + ws + "', displayName: '" + peerId + "',"
                + " audio: '" + audio + "', video: false})");
        assertEquals(1, joined.path("producerIds").size(), peerId + " publishes one audio track: " + joined);
        return t;
    }

    /** The peerIds of the {@code activeSpeaker} notifications {@code tab} received, in order (null = silence). */
    private static List<String> activeSpeakers(Tab tab) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : tab.eval("window.harness.notifications()")) {
            if (n.path("method").asText().equals("activeSpeaker")) {
                JsonNode p = n.path("data").path("peerId");
                out.add(p.isTextual() ? p.asText() : null);
            }
        }
        return out;
    }

    private static boolean spoke(Tab tab, String peerId) {
        for (JsonNode n : tab.eval("window.harness.notifications()")) {
            if (n.path("method").asText().equals("speakingPeers")) {
                for (JsonNode v : n.path("data").path("peerVolumes")) {
                    if (v.path("peerId").asText().equals(peerId) && v.path("volume").asInt(0) < 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void theLoudParticipantBecomesActiveSpeakerEverywhereAndSilenceEndsIt() {
        Tab tone = harnessPeer("tone", "tone", true);
        Tab quiet = harnessPeer("quiet", "silence", false);
        Tab web = browser.page(node.url() + "?roomId=" + ROOM + "&peerId=web&displayName=Web&audio=0&video=0",
                "web", false);

        Await.until(WAIT, () -> {
            List<String> seen = activeSpeakers(quiet);
            return !seen.isEmpty() && "tone".equals(seen.get(seen.size() - 1)) ? null
                    : "quiet has not been told that tone speaks: " + seen;
        });
        Await.until(WAIT, () -> web.count(".tile.speaking[data-peer-id=tone]") == 1 ? null
                : "the web client does not highlight tone's tile");
        Await.until(WAIT, () -> spoke(quiet, "tone") ? null : "no speakingPeers with tone at quiet");
        Await.until(WAIT, () -> web.count(".tile.talking[data-peer-id=tone]") == 1 ? null
                : "the web client shows no speaking indicator on tone's tile");
        assertTrue(activeSpeakers(quiet).stream().noneMatch("quiet"::equals), "the silent peer never speaks");
        web.screenshot("active-speaker-web");

        tone.eval("window.harness.setTone(false)");
        Await.until(WAIT, () -> {
            List<String> seen = activeSpeakers(quiet);
            return seen.size() >= 2 && seen.get(seen.size() - 1) == null ? null
                    : "quiet was not told that the floor is silent: " + seen;
        });
        Await.until(WAIT, () -> web.count(".tile.speaking") == 0 ? null
                : "the web client still highlights a speaker after the silence");
        JsonNode errors = quiet.eval("window.harness.errors");
        assertEquals(0, errors.size(), "the harness recorded no errors: " + errors);
        tone.eval("window.harness.leave()");
        quiet.eval("window.harness.leave()");
    }
}
