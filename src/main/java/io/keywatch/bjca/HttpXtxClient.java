package io.keywatch.bjca;

import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link io.keywatch.core.XtxClient} over the BJCA service's synchronous HTTP endpoint:
 * {@code POST http://127.0.0.1:21051/synctl} with {@code {url, clsid, func, param:[...], token?}},
 * reply {@code {retValue | retVal}}. Same timeouts and error kinds as the WebSocket bridge; this
 * bridge cannot receive {@code onUsbkeyChange} pushes. Thread-safe.
 */
public final class HttpXtxClient extends AbstractXtxClient {
    private static final Logger LOG = LoggerFactory.getLogger(HttpXtxClient.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final URI url;
    private final Duration timeout;
    private final XtxProtocol protocol = new XtxProtocol("keywatch");
    private final DaemonThreads threads;
    private final ExecutorService io;
    private final HttpClient http;
    private final AtomicBoolean eventsWarned = new AtomicBoolean();
    private volatile boolean closed;

    /** A client for a loopback {@code synctl} URL; every call is bounded by {@code timeout}. */
    public HttpXtxClient(URI synctlUrl, Duration timeout) {
        this(synctlUrl, timeout, false);
    }

    /**
     * @param allowRemote accept a URL that is not loopback (only when configuration says so)
     * @throws IllegalArgumentException for a URL that is not {@code http(s)://} or not allowed
     */
    public HttpXtxClient(URI synctlUrl, Duration timeout, boolean allowRemote) {
        this.url = BjcaEndpoint.requireSynctl(synctlUrl, allowRemote);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("BJCA call timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
        this.threads = new DaemonThreads("keywatch-xtx-http-" + INSTANCES.incrementAndGet());
        this.io = Executors.newCachedThreadPool(threads);
        this.http = HttpClient.newBuilder().executor(io).connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String bridge() {
        return "http";
    }

    /** The {@code synctl} URL this client posts to. */
    public URI url() {
        return url;
    }

    @Override
    protected Object call(String function, List<?> params) throws XtxException {
        if (closed) {
            throw new XtxException(Kind.UNAVAILABLE, function + ": the HTTP client for " + url + " is closed");
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(protocol.synctlRequest(function, params), StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<String>> exchange;
        try {
            exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new XtxException(Kind.UNAVAILABLE, function + ": cannot post to " + url + ": " + e.getMessage(), e);
        }
        HttpResponse<String> response;
        try {
            // The request timeout covers the headers; this bound covers the whole exchange.
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timeout(function);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                // The JDK's own timers (request or connect) are as long as ours and may fire first.
                throw timeout(function);
            }
            throw new XtxException(Kind.UNAVAILABLE, function + ": BJCA synctl service not reachable at " + url + ": "
                    + WebSocketXtxClient.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.cancel(true);
            throw new XtxException(Kind.UNAVAILABLE, function + ": interrupted while waiting for " + url, e);
        }
        String body = response.body() == null ? "" : response.body();
        if (response.statusCode() / 100 != 2) {
            throw new XtxException(Kind.PROTOCOL, function + ": " + url + " answered HTTP " + response.statusCode()
                    + " " + XtxProtocol.quote(body) + "; accepted: HTTP 200 with a JSON body {\"retValue\": ...}");
        }
        return protocol.read(body).valueFor(function);
    }

    private XtxException timeout(String function) {
        return new XtxException(Kind.TIMEOUT, function + ": no answer within " + timeout.toMillis()
                + " ms from the BJCA synctl service at " + url);
    }

    /** The {@code synctl} endpoint has no pushes: the subscription does nothing (logged once). */
    @Override
    public AutoCloseable onUsbkeyChange(Runnable listener) {
        if (eventsWarned.compareAndSet(false, true)) {
            LOG.info("the HTTP synctl bridge cannot receive onUsbkeyChange events; key changes come from USB only");
        }
        return () -> { };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        io.shutdownNow();
        if (!threads.owns(Thread.currentThread())) {
            try {
                // Terminated means no task runs; the pool's threads may still be on their way out.
                if (!io.awaitTermination(1, TimeUnit.SECONDS)
                        || !threads.awaitEnd(threads::owns, Duration.ofSeconds(1))) {
                    LOG.warn("threads of the HTTP client for {} still running after close", url);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Prefix of this client's thread names (tests check none outlive {@link #close()}). */
    String threadNamePrefix() {
        return threads.prefix();
    }
}
