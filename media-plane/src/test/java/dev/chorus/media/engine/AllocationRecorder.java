package dev.chorus.media.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records heap allocations (JFR TLAB events, which fire in proportion to bytes allocated) on the given threads
 * (by id: other tests may have left threads of the same name behind) and
 * attributes each to the first frame outside the JDK: Chorus's own code, or a library it calls.
 */
final class AllocationRecorder implements AutoCloseable {
    /**
     * One allocation event: thread, allocated class, the first non-JDK frame, its weight in bytes, and whether it
     * happened inside the JDK's {@code DatagramChannel.receive} (which allocates the sender's address whenever it
     * differs from the previous datagram's; plain NIO offers no way around that).
     */
    record Sample(String thread, String objectClass, String owner, long bytes, boolean inJdkReceive, String stack) {
    }

    private final Recording recording = new Recording();
    private final Set<Long> threadIds;

    AllocationRecorder(Set<Long> threadIds) {
        this.threadIds = threadIds;
        recording.enable("jdk.ObjectAllocationInNewTLAB").withStackTrace();
        recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
        recording.start();
    }

    List<Sample> stop() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("chorus-alloc", ".jfr");
        try {
            recording.dump(file);
            List<Sample> out = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getThread() == null || !threadIds.contains(e.getThread().getJavaThreadId())
                        || e.getStackTrace() == null) {
                    continue;
                }
                String thread = e.getThread().getJavaName();
                if (thread == null) {
                    continue;
                }
                long bytes = e.hasField("tlabSize") ? e.getLong("tlabSize") : e.getLong("allocationSize");
                out.add(new Sample(thread, e.getClass("objectClass").getName(), owner(e), bytes, inJdkReceive(e),
                        stack(e)));
            }
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean inJdkReceive(RecordedEvent e) {
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if (f.getMethod().getType().getName().equals("sun.nio.ch.DatagramChannelImpl")
                    && f.getMethod().getName().equals("receive")) {
                return true;
            }
        }
        return false;
    }

    /** The top frames, so that a failure report shows where an unexpected allocation came from. */
    private static String stack(RecordedEvent e) {
        StringBuilder sb = new StringBuilder();
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        for (int i = 0; i < Math.min(12, frames.size()); i++) {
            RecordedFrame f = frames.get(i);
            sb.append(i == 0 ? "" : " <- ").append(f.getMethod().getType().getName()).append('.')
                    .append(f.getMethod().getName()).append(':').append(f.getLineNumber());
        }
        return sb.toString();
    }

    private static String owner(RecordedEvent e) {
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            String type = f.getMethod().getType().getName();
            if (!(type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
                    || type.startsWith("sun.") || type.startsWith("com.sun."))) {
                return type + "." + f.getMethod().getName();
            }
        }
        return "jdk";
    }

    @Override
    public void close() {
        recording.close();
    }
}
