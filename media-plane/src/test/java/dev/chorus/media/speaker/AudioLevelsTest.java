package dev.chorus.media.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpTestPackets;
import org.junit.jupiter.api.Test;

class AudioLevelsTest {
    private final RtpPacket view = new RtpPacket();

    private RtpPacket wrap(byte[] packet) {
        assertTrue(view.wrap(packet, 0, packet.length));
        return view;
    }

    @Test
    void oneByteFormWithVoiceFlag() {
        RtpPacket p = wrap(RtpTestPackets.rtp().oneByte(1, '0').oneByte(10, 0x80 | 30).payload(1, 2, 3).build());
        int raw = AudioLevels.read(p, 10);
        assertEquals(0x80 | 30, raw);
        assertEquals(30, AudioLevels.level(raw));
        assertTrue(AudioLevels.voice(raw));
    }

    @Test
    void oneByteFormSilenceWithoutVoice() {
        RtpPacket p = wrap(RtpTestPackets.rtp().oneByte(10, 127).payload(1, 2, 3).build());
        int raw = AudioLevels.read(p, 10);
        assertEquals(AudioLevels.SILENCE, AudioLevels.level(raw));
        assertFalse(AudioLevels.voice(raw));
    }

    @Test
    void twoByteFormWithPaddingByte() {
        // RFC 6464 two-byte form: id, len=1, V|level, then a zero padding byte.
        RtpPacket p = wrap(RtpTestPackets.rtp().twoByte(3, 'm', 'i', 'd').twoByte(200, 0x80 | 5).extRaw(0)
            .payload(9, 9, 9).build());
        int raw = AudioLevels.read(p, 200);
        assertEquals(5, AudioLevels.level(raw));
        assertTrue(AudioLevels.voice(raw));
        assertEquals(AudioLevels.NONE, AudioLevels.read(p, 10));
    }

    @Test
    void twoByteFormAfterCsrcs() {
        RtpPacket p = wrap(RtpTestPackets.rtp().csrcs(7, 8).twoByte(10, 64).payload(1, 2, 3).build());
        assertEquals(64, AudioLevels.level(AudioLevels.read(p, 10)));
        assertFalse(AudioLevels.voice(AudioLevels.read(p, 10)));
    }

    @Test
    void emptyTwoByteElementCountsAsAbsent() {
        RtpPacket p = wrap(RtpTestPackets.rtp().twoByte(10).payload(1, 2, 3).build());
        assertEquals(AudioLevels.NONE, AudioLevels.read(p, 10));
    }

    @Test
    void longerElementReadsItsFirstByte() {
        RtpPacket p = wrap(RtpTestPackets.rtp().oneByte(10, 0x80 | 42, 0).payload(1).build());
        assertEquals(42, AudioLevels.level(AudioLevels.read(p, 10)));
    }

    @Test
    void absentExtension() {
        RtpPacket noExt = wrap(RtpTestPackets.rtp().payload(1, 2, 3).build());
        assertEquals(AudioLevels.NONE, AudioLevels.read(noExt, 10));
        RtpPacket other = wrap(RtpTestPackets.rtp().oneByte(1, 'a').payload(1, 2, 3).build());
        assertEquals(AudioLevels.NONE, AudioLevels.read(other, 10));
        RtpPacket opaque = wrap(RtpTestPackets.rtp().extBlock(0x12, 0x34, 0, 1, 0xA0, 1, 2, 3).payload(1).build());
        assertEquals(AudioLevels.NONE, AudioLevels.read(opaque, 10));
        assertEquals(AudioLevels.SILENCE, AudioLevels.level(AudioLevels.NONE));
        assertFalse(AudioLevels.voice(AudioLevels.NONE));
    }

    @Test
    void unnegotiatedIdReadsNothing() {
        RtpPacket p = wrap(RtpTestPackets.rtp().oneByte(10, 20).payload(1).build());
        assertEquals(AudioLevels.NONE, AudioLevels.read(p, 0));
        assertEquals(AudioLevels.NONE, AudioLevels.read(p, -1));
    }

    @Test
    void dtxIsATinyPayloadPaddingExcluded() {
        assertTrue(AudioLevels.isDtx(wrap(RtpTestPackets.rtp().oneByte(10, 127).payload(0xF8).build())));
        assertTrue(AudioLevels.isDtx(wrap(RtpTestPackets.rtp().payload(0xF8, 0xFF).padding(4).build())));
        assertFalse(AudioLevels.isDtx(wrap(RtpTestPackets.rtp().payload(0xF8, 0xFF, 0xFE).build())));
        assertFalse(AudioLevels.isDtx(wrap(RtpTestPackets.rtp().build())));
    }
}
