package dev.chorus.ops.e2e;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition against a real system (browsers, sockets) until it holds or the time is up. */
final class Await {
    private Await() {
    }

    /** Waits until {@code check} returns null (success) and fails with its last message otherwise. */
    static void until(Duration timeout, Supplier<String> check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        do {
            last = check.get();
            if (last == null) {
                return;
            }
            pause(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("condition not met within " + timeout.toSeconds() + " s: " + last);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
