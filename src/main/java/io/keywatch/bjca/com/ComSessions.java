package io.keywatch.bjca.com;

import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The COM bridge's apartment thread and the BJCA object living in it, as a replaceable unit: made on
 * first use, abandoned when a call hangs (a native call cannot be interrupted), made afresh for the
 * next call, and given up for good after {@link ComXtxClient#MAX_HUNG_APARTMENTS} hung apartments.
 * {@link ComXtxClient} makes the calls; this class owns the lifecycle and its lock.
 */
final class ComSessions {
    private static final Logger log = LoggerFactory.getLogger(ComSessions.class);

    /** One apartment thread and the COM object living in it; {@code subscription[0]}: its event sink, once advised. */
    record Session(ApartmentThread thread, XtxDispatch dispatch, AutoCloseable[] subscription,
                   AtomicBoolean abandoned) {
    }

    private final Duration timeout;
    private final Supplier<ApartmentThread.MessageLoop> loops;
    private final XtxDispatch.Factory factory;

    private final Object lock = new Object();
    private Session session;
    private int hungApartments;
    private String disabledBecause;
    private boolean closed;

    ComSessions(Duration timeout, Supplier<ApartmentThread.MessageLoop> loops, XtxDispatch.Factory factory) {
        this.timeout = timeout;
        this.loops = loops;
        this.factory = factory;
    }

    /** The live session, or a new one (a fresh apartment and object) when there is none or it was poisoned. */
    Session current() throws XtxException {
        synchronized (lock) {
            if (closed) {
                throw new XtxException(Kind.UNAVAILABLE, "COM bridge is closed");
            }
            if (disabledBecause != null) {
                throw new XtxException(Kind.UNAVAILABLE, disabledBecause);
            }
            if (session != null && !session.thread().poisoned()) {
                return session;
            }
            if (session != null) {
                abandon(session, "an earlier call");
            }
            session = open();
            return session;
        }
    }

    /** Starts an apartment thread and creates the BJCA object in it. Holds {@link #lock}. */
    private Session open() throws XtxException {
        ApartmentThread thread;
        try {
            thread = ApartmentThread.start(loops.get(), timeout);
        } catch (TimeoutException e) {
            countHung("starting the COM apartment");
            throw new XtxException(Kind.TIMEOUT, "COM apartment did not start within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw ComErrors.toXtx("Joining a COM apartment", e.getCause(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XtxException(Kind.UNAVAILABLE, "interrupted while starting the COM apartment", e);
        }
        XtxDispatch dispatch;
        try {
            dispatch = thread.call(factory::create, timeout);
        } catch (TimeoutException e) {
            thread.stop();
            countHung("creating " + ComXtxClient.PROG_IDS.get(0));
            log.warn("COM bridge: creating {} did not finish within {} ms; apartment thread {} abandoned",
                    ComXtxClient.PROG_IDS.get(0), timeout.toMillis(), thread.name());
            throw new XtxException(Kind.TIMEOUT, "creating the BJCA COM object did not finish within "
                    + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            thread.stop();
            throw ComErrors.toXtx("Creating the BJCA COM object " + ComXtxClient.PROG_IDS + " / " + ComXtxClient.CLSID,
                    e.getCause(), true);
        } catch (InterruptedException e) {
            thread.stop();
            Thread.currentThread().interrupt();
            throw new XtxException(Kind.UNAVAILABLE, "interrupted while creating the BJCA COM object", e);
        }
        log.info("COM bridge: BJCA object created on {}", thread.name());
        return new Session(thread, dispatch, new AutoCloseable[1], new AtomicBoolean());
    }

    /** Gives up the hung apartment thread; the next call gets a fresh one (until the limit). */
    void abandon(Session s, String what) {
        if (!s.abandoned().compareAndSet(false, true)) {
            return;
        }
        synchronized (lock) {
            if (session == s) {
                session = null;
            }
            s.thread().poison();
            countHung(what);
            log.warn("COM bridge: {} did not return within {} ms; apartment thread {} is stuck and abandoned{}",
                    what, timeout.toMillis(), s.thread().name(),
                    disabledBecause == null ? ", the next call uses a new one" : "; " + disabledBecause);
        }
        // Queued behind the hung call: runs only if BJCA ever returns, then the thread ends.
        releaseAndStop(s);
    }

    /** No more sessions; the current one is released and its thread awaited (at most the timeout). */
    void close() {
        Session s;
        synchronized (lock) {
            closed = true;
            s = session;
            session = null;
        }
        if (s != null) {
            releaseAndStop(s);
            try {
                if (!s.thread().awaitEnd(timeout)) {
                    log.warn("COM bridge: apartment thread {} did not end within {} ms of closing",
                            s.thread().name(), timeout.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Optional<String> disabledBecause() {
        synchronized (lock) {
            return Optional.ofNullable(disabledBecause);
        }
    }

    int hungApartments() {
        synchronized (lock) {
            return hungApartments;
        }
    }

    private void countHung(String what) {
        hungApartments++;
        if (hungApartments >= ComXtxClient.MAX_HUNG_APARTMENTS && disabledBecause == null) {
            disabledBecause = "COM bridge disabled: BJCA hung " + hungApartments + " times (last: " + what
                    + "); restart KeyWatch after fixing the BJCA component";
            log.error("{}", disabledBecause);
        }
    }

    private static void releaseAndStop(Session s) {
        s.thread().execute(() -> {
            AutoCloseable sub = s.subscription()[0];
            try {
                if (sub != null) {
                    sub.close();
                }
            } catch (Exception e) {
                log.debug("COM bridge: unadvise failed", e);
            }
            try {
                s.dispatch().release();
            } catch (RuntimeException e) {
                log.debug("COM bridge: release failed", e);
            }
        });
        s.thread().stop();
    }
}
