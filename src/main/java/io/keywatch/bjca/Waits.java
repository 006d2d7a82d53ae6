package io.keywatch.bjca;

import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a reply within a call's deadline, and the one-line cause of a failure, for the bridges. */
final class Waits {
    private Waits() {
    }

    static <T> T await(CompletableFuture<T> future, String function, long deadline, String doing, URI url,
                       Duration timeout) throws XtxException {

        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new XtxException(Kind.TIMEOUT, function + ": no answer within " + timeout.toMillis() + " ms while "
                    + doing + " the BJCA service at " + url);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof XtxException x) {
                throw new XtxException(x.kind(), x.getMessage(), x);
            }
            throw new XtxException(Kind.UNAVAILABLE, function + ": BJCA service at " + url + " failed: "
                    + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XtxException(Kind.UNAVAILABLE, function + ": interrupted while " + doing + " " + url, e);
        }
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }
}
