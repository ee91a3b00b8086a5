package dev.chorus.ops.loadgen.media;

import dev.chorus.ops.loadgen.rtc.EventLoop;
import dev.chorus.ops.loadgen.rtc.MediaSender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link MediaSender} for tests: keeps a copy of every packet built in the loop's transmit buffer. */
final class CapturingSender implements MediaSender {
    final List<byte[]> rtp = new ArrayList<>();
    final List<byte[]> rtcp = new ArrayList<>();
    private final EventLoop loop;

    CapturingSender(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public boolean sendRtp(int len) {
        rtp.add(Arrays.copyOf(loop.txBuffer(), len));
        return true;
    }

    @Override
    public boolean sendRtcp(int len) {
        rtcp.add(Arrays.copyOf(loop.txBuffer(), len));
        return true;
    }
}
