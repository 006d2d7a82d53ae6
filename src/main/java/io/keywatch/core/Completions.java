package io.keywatch.core;

import java.util.concurrent.CompletableFuture;

/** Completing the watchdog's futures from work that may throw. */
final class Completions {
    private Completions() {
    }

    interface Work<T> {
        T run() throws Exception;
    }

    /** Completes f with the work's value; a null value means the work completes f itself later. */
    static <T> void complete(CompletableFuture<T> f, Work<T> work) {
        try {
            T v = work.run();
            if (v != null) {
                f.complete(v);
            }
        } catch (Exception e) {
            f.completeExceptionally(e);
        }
    }
}
