package dev.chorus.ops.loadgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Frame sizes, key-frame cadence and packetization of the synthetic encoder. */
class LoadgenVideoFrameModelTest {

    static Stream<Arguments> rates() {
        return Stream.of(Arguments.of(300_000, 30, 3000L), Arguments.of(800_000, 30, 3000L),
                Arguments.of(2_500_000, 30, 2000L), Arguments.of(150_000, 15, 5000L));
    }

    @ParameterizedTest
    @MethodSource("rates")
    void theBytesOfOneKeyFrameIntervalMeetTheBitrate(int bps, int fps, long keyMs) {
        VideoFrameModel m = new VideoFrameModel(bps, fps, keyMs, 1200);
        long frames = fps * keyMs / 1000;
        long bytes = m.frameBytes(true) + (frames - 1) * m.frameBytes(false);
        double achieved = bytes * 8.0 / (keyMs / 1000.0);
        assertEquals(bps, achieved, bps * 0.01);
        assertEquals(VideoFrameModel.KEY_FRAME_FACTOR * m.frameBytes(false), m.frameBytes(true));
    }

    @ParameterizedTest
    @MethodSource("rates")
    void packetsStayWithinThePayloadLimitAndAddUp(int bps, int fps, long keyMs) {
        VideoFrameModel m = new VideoFrameModel(bps, fps, keyMs, 1200);
        int maxData = 1200 - Vp8Payload.DESCRIPTOR_LENGTH - SendStamp.LENGTH;
        for (boolean key : new boolean[] {true, false}) {
            int frame = m.frameBytes(key);
            int n = m.packetCount(frame);
            int sum = 0;
            for (int i = 0; i < n; i++) {
                int d = VideoFrameModel.packetData(frame, n, i);
                assertTrue(d <= maxData, "packet " + i + " holds " + d);
                sum += d;
            }
            assertEquals(frame, sum);
            assertEquals((frame + maxData - 1) / maxData, n);
        }
    }

    @Test
    void keyFramesComeOnScheduleAndOnRequest() {
        VideoFrameModel m = new VideoFrameModel(800_000, 30, 3000, 1200);
        assertTrue(m.keyFrameDue(0, -1, false), "the first frame");
        assertFalse(m.keyFrameDue(2999, 0, false));
        assertTrue(m.keyFrameDue(3000, 0, false));
        assertTrue(m.keyFrameDue(100, 0, true), "a PLI");
        assertEquals(0, m.frameTimeMs(0));
        assertEquals(33, m.frameTimeMs(1));
        assertEquals(1000, m.frameTimeMs(30));
    }
}
