package io.keywatch.bjca;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An HTTP response body read as UTF-8 text of at most {@code cap} bytes: one byte more cancels the
 * exchange and fails with {@link TooLarge}, so a hostile or broken local service cannot fill the heap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {
    /** The body was longer than the cap. */
    static final class TooLarge extends IOException {
        TooLarge(int cap) {
            super("the body is longer than " + cap + " bytes");
        }
    }

    private final int cap;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private CappedBody(int cap) {
        this.cap = cap;
    }

    static HttpResponse.BodyHandler<String> handler(int cap) {
        return info -> new CappedBody(cap);
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if ((long) bytes.size() + b.remaining() > cap) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(cap));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
}
