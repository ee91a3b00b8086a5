package dev.chorus.media.dtls;

import dev.chorus.media.srtp.SrtpKeys;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Test listener that records every callback of a {@link DtlsServerSession}. */
final class RecordingListener implements DtlsServerSession.Listener {
    final CompletableFuture<SrtpKeys> connected = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final CountDownLatch closed = new CountDownLatch(1);
    final AtomicInteger connectedCalls = new AtomicInteger();
    final AtomicInteger failedCalls = new AtomicInteger();
    final AtomicInteger closedCalls = new AtomicInteger();

    @Override
    public void onConnected(SrtpKeys keys) {
        connectedCalls.incrementAndGet();
        connected.complete(keys);
    }

    @Override
    public void onFailed(String reason) {
        failedCalls.incrementAndGet();
        failed.complete(reason);
    }

    @Override
    public void onClosed() {
        closedCalls.incrementAndGet();
        closed.countDown();
    }
}
