package io.keywatch.testutil;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** How deep a plain recursion gets on a thread before StackOverflowError: a proxy for its stack size. */
public final class StackDepth {
    private StackDepth() {
    }

    private static int recurse(int depth) {
        try {
            return recurse(depth + 1);
        } catch (StackOverflowError e) {
            return depth;
        }
    }

    /** The depth reached on the calling thread. */
    public static int here() {
        return recurse(0);
    }

    /** The depth reached in {@code task}'s thread, where the task runs what it is given. */
    public static int measure(Function<Runnable, Thread> threads) throws Exception {
        CompletableFuture<Integer> depth = new CompletableFuture<>();
        Thread t = threads.apply(() -> depth.complete(recurse(0)));
        t.start();
        int d = depth.get(60, TimeUnit.SECONDS);
        t.join(TimeUnit.SECONDS.toMillis(60));
        return d;
    }

    /** The deepest of a few runs on threads with {@code bytes} of stack (compiled frames are smaller). */
    public static int withStackOf(long bytes) throws Exception {
        int best = 0;
        for (int i = 0; i < 3; i++) {
            best = Math.max(best, measure(r -> new Thread(null, r, "stack-probe", bytes)));
        }
        return best;
    }
}
