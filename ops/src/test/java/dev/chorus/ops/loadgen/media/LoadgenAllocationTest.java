package dev.chorus.ops.loadgen.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.AllocationBudget;
import dev.chorus.ops.loadgen.rtc.EventLoop;
import dev.chorus.ops.loadgen.rtc.MediaSender;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The generator's media path in steady state allocates nothing: a publisher (audio and video) feeds a subscriber
 * in memory (SRTP left out: jitsi-srtp allocates inside), every 40th video packet is dropped so NACK, RTX and
 * their accounting run too, and the timer wheel drives both for simulated seconds while the thread's
 * allocated-bytes counter is watched.
 */
class LoadgenAllocationTest {
    private static final long AUDIO = 1111;
    private static final long VIDEO = 2222;
    private static final long RTX = 3333;

    private final EventLoop loop = new EventLoop("alloc-loop");
    private final LoopStats stats = new LoopStats();
    private final byte[] toSubscriber = new byte[EventLoop.BUFFER_SIZE];
    private final byte[] toPublisher = new byte[EventLoop.BUFFER_SIZE];
    private Publisher publisher;
    private Subscriber subscriber;
    private long videoPackets;

    private final MediaSender publisherSide = new MediaSender() {
        @Override
        public boolean sendRtp(int len) {
            System.arraycopy(loop.txBuffer(), 0, toSubscriber, 0, len);
            long ssrc = Bytes.get32(toSubscriber, 8) & 0xFFFF_FFFFL;
            if (ssrc == VIDEO && ++videoPackets % 40 == 0) {
                return true; // lost on the way
            }
            subscriber.onRtp(toSubscriber, len, System.nanoTime());
            return true;
        }

        @Override
        public boolean sendRtcp(int len) {
            System.arraycopy(loop.txBuffer(), 0, toSubscriber, 0, len);
            subscriber.onRtcp(toSubscriber, len, System.nanoTime());
            return true;
        }
    };

    private final MediaSender subscriberSide = new MediaSender() {
        @Override
        public boolean sendRtp(int len) {
            return false;
        }

        @Override
        public boolean sendRtcp(int len) {
            System.arraycopy(loop.txBuffer(), 0, toPublisher, 0, len);
            publisher.onRtcp(toPublisher, len, System.nanoTime());
            return true;
        }
    };

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void publishingReceivingAndRepairingAllocateNothingPerPacket() {
        publisher = new Publisher(loop, publisherSide, stats,
                new OutboundStream(AUDIO, 0, 111, 0, "0", null, 48000, null), 100, new TalkPattern(1, 4000),
                0, 2, new OutboundStream[] {new OutboundStream(VIDEO, RTX, 96, 97, "1", null, 90000,
                        new RtxHistory(256))},
                new VideoFrameModel[] {new VideoFrameModel(1_500_000, 30, 2000, Publisher.MAX_VIDEO_PAYLOAD)}, "pub");
        subscriber = new Subscriber("sub", loop, subscriberSide, stats, "sub");
        subscriber.add(new ConsumerOffer("a", "pa", "p0", "audio", AUDIO, 0, 111, -1, 48000));
        subscriber.add(new ConsumerOffer("v", "pv", "p0", "video", VIDEO, RTX, 96, 97, 90000));
        publisher.start();
        subscriber.start();

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        long ms = 0;
        for (; ms < 20_000; ms++) {
            loop.timers().advance(ms); // warm-up: JIT, first reports
        }
        long tid = Thread.currentThread().getId();
        long sentBefore = stats.rtpSent;
        long rtxBefore = stats.rtxReceived;
        long before = mx.getThreadAllocatedBytes(tid);
        for (; ms < 40_000; ms++) {
            loop.timers().advance(ms);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        long packets = stats.rtpSent - sentBefore;
        assertTrue(packets > 3_000, "packets sent " + packets);
        assertTrue(stats.rtxReceived - rtxBefore > 50, "repairs " + (stats.rtxReceived - rtxBefore));
        assertTrue(allocated <= AllocationBudget.ONE_TIME_SLACK_BYTES,
                allocated + " bytes allocated for " + packets + " packets");
    }
}
