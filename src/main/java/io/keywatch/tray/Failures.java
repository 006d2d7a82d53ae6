package io.keywatch.tray;

import java.awt.EventQueue;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the tray's async actions share: the real cause of a failed future, and "run this on the EDT now". */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** The failure inside a future's {@link CompletionException} wrappers. */
    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The failure's message for a balloon; its class name when it has none. */
    static String cause(Throwable t) {
        Throwable u = unwrap(t);
        return u.getMessage() == null ? u.getClass().getSimpleName() : u.getMessage();
    }

    /** Runs {@code r} on the event thread and waits for it (close and tray changes must not race the EDT). */
    static void onEdt(Runnable r) {
        if (EventQueue.isDispatchThread()) {
            r.run();
            return;
        }
        try {
            EventQueue.invokeAndWait(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvocationTargetException e) {
            LOG.warn("tray task failed", e.getCause());
        }
    }
}
