package dev.chorus.media.engine;

import dev.chorus.media.api.MediaException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Runs control calls on the worker that owns the objects, completing a stage with the result. */
final class WorkerCalls {
    private WorkerCalls() {
    }

    static <T> CompletionStage<T> on(MediaWorker w, Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        w.execute(() -> {
            try {
                f.complete(action.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    static <T> CompletionStage<T> failed(int code, String reason) {
        return CompletableFuture.failedFuture(new MediaException(code, reason));
    }
}
