package io.keywatch.bjca.com;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code com} bridge: BJCA's {@code XTXAppCOM.XTXApp} object through IDispatch, for BJCA
 * versions (3.2.x) that offer no local WebSocket/HTTP service.
 *
 * <p>All COM work happens on one dedicated single-threaded-apartment thread with a message loop
 * ({@link ApartmentThread}). Every call waits at most the configured timeout; a call that does not
 * return in time gives the caller {@link Kind#TIMEOUT}, and the apartment thread is abandoned (a
 * native call cannot be interrupted) and replaced by a fresh one with a fresh COM object on the next
 * call. After {@value #MAX_HUNG_APARTMENTS} hung apartments the bridge gives up and reports
 * {@link Kind#UNAVAILABLE}, so a wedged BJCA cannot make KeyWatch pile up stuck threads. That
 * lifecycle is {@link ComSessions}'; this class makes the calls and converts their answers.
 */
public final class ComXtxClient implements XtxClient {
    private static final Logger log = LoggerFactory.getLogger(ComXtxClient.class);

    public static final String BRIDGE = "com";
    /** Tried in this order; the CLSID is the last resort when neither ProgID is registered. */
    public static final List<String> PROG_IDS = List.of("XTXAppCOM.XTXApp.1", "XTXAppCOM.XTXApp");
    public static final String CLSID = "{3F367B74-92D9-4C5E-AB93-234F8A91D5E6}";
    /** {@code _IXTXAppEvents}: OnUsbkeyChange(1), OnUsbkeyInsert(2), OnUsbkeyRemove(3). */
    public static final String EVENTS_IID = "{5EFAF5BA-42CD-4E85-B298-BB550208ADC0}";
    static final int MAX_HUNG_APARTMENTS = 3;

    private final Duration timeout;
    private final ComSessions sessions;
    private final ReplyParser<List<KeyUser>> userListParser;
    private final ReplyParser<List<String>> serialListParser;
    private final List<Runnable> keyListeners = new CopyOnWriteArrayList<>();

    /**
     * The Windows bridge.
     *
     * @param callTimeout      the longest any single COM call may take
     * @param userListParser   parses {@code SOF_GetUserList}'s {@code name||certID&&&...} reply
     * @param serialListParser parses {@code GetAllDeviceSN}'s {@code sn;sn;} reply
     */
    public ComXtxClient(Duration callTimeout, ReplyParser<List<KeyUser>> userListParser,
                        ReplyParser<List<String>> serialListParser) {
        this(callTimeout, WindowsMessageLoop::new, JnaXtxDispatch::create, userListParser, serialListParser);
    }

    ComXtxClient(Duration callTimeout, Supplier<ApartmentThread.MessageLoop> loops, XtxDispatch.Factory factory,
                 ReplyParser<List<KeyUser>> userListParser, ReplyParser<List<String>> serialListParser) {
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("COM call timeout must be positive, was " + callTimeout);
        }
        this.timeout = callTimeout;
        this.sessions = new ComSessions(callTimeout, Objects.requireNonNull(loops), Objects.requireNonNull(factory));
        this.userListParser = Objects.requireNonNull(userListParser);
        this.serialListParser = Objects.requireNonNull(serialListParser);
    }

    /**
     * For the {@code auto} bridge order (WebSocket, HTTP, then COM): opens the COM bridge and proves
     * it answers {@code SOF_GetVersion()} within {@code timeout}.
     *
     * @return the working bridge, or empty (logged why) on other OSes or when BJCA's COM object is
     *         missing, broken or hung
     */
    public static Optional<XtxClient> tryOpen(Duration timeout, ReplyParser<List<KeyUser>> userListParser,
                                              ReplyParser<List<String>> serialListParser) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            log.debug("COM bridge skipped: COM exists only on Windows");
            return Optional.empty();
        }
        return tryOpen(new ComXtxClient(timeout, userListParser, serialListParser));
    }

    static Optional<XtxClient> tryOpen(ComXtxClient client) {
        try {
            String version = client.version();
            log.info("COM bridge: BJCA XTXAppCOM answers, version {}", version);
            return Optional.of(client);
        } catch (XtxException e) {
            log.info("COM bridge not usable ({}): {}", e.kind(), e.getMessage());
            client.close();
            return Optional.empty();
        }
    }

    @Override
    public String bridge() {
        return BRIDGE;
    }

    @Override
    public boolean checkSoftDeviceEnv() throws XtxException {
        XtxFunction f = XtxFunction.CHECK_SOFT_DEVICE_ENV;
        return ComValues.toBoolean(f.comName(), invoke(f));
    }

    @Override
    public String version() throws XtxException {
        XtxFunction f = XtxFunction.SOF_GET_VERSION;
        return ComValues.toText(f.comName(), invoke(f));
    }

    @Override
    public List<KeyUser> userList() throws XtxException {
        XtxFunction f = XtxFunction.SOF_GET_USER_LIST;
        return parse(f, userListParser, ComValues.toText(f.comName(), invoke(f)));
    }

    @Override
    public int deviceCount() throws XtxException {
        XtxFunction f = XtxFunction.GET_DEVICE_COUNT;
        return ComValues.toInt(f.comName(), invoke(f));
    }

    @Override
    public List<String> deviceSerials() throws XtxException {
        XtxFunction f = XtxFunction.GET_ALL_DEVICE_SN;
        return parse(f, serialListParser, ComValues.toText(f.comName(), invoke(f)));
    }

    @Override
    public String deviceInfo(String serial, int type) throws XtxException {
        Objects.requireNonNull(serial, "serial");
        XtxFunction f = XtxFunction.GET_DEVICE_INFO;
        return ComValues.toText(f.comName(), invoke(f, serial, type));
    }

    @Override
    public String exportUserCert(String certId) throws XtxException {
        XtxFunction f = XtxFunction.SOF_EXPORT_USER_CERT;
        return ComValues.toText(f.comName(), invoke(f, Objects.requireNonNull(certId, "certId")));
    }

    @Override
    public String certInfo(String cert, int type) throws XtxException {
        XtxFunction f = XtxFunction.SOF_GET_CERT_INFO;
        return ComValues.toText(f.comName(), invoke(f, Objects.requireNonNull(cert, "cert"), type));
    }

    @Override
    public int validateCert(String cert) throws XtxException {
        XtxFunction f = XtxFunction.SOF_VALIDATE_CERT;
        return ComValues.toInt(f.comName(), invoke(f, Objects.requireNonNull(cert, "cert")));
    }

    @Override
    public int pinRetryCount(String certId) throws XtxException {
        XtxFunction f = XtxFunction.SOF_GET_PIN_RETRY_COUNT;
        return ComValues.toInt(f.comName(), invoke(f, Objects.requireNonNull(certId, "certId")));
    }

    /**
     * Subscribes through {@code _IXTXAppEvents} when the object offers it (opening the bridge now if
     * needed); otherwise the listener simply never runs and the log says so once.
     */
    @Override
    public AutoCloseable onUsbkeyChange(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        keyListeners.add(listener);
        try {
            ensureSubscribed(sessions.current());
        } catch (XtxException e) {
            log.info("COM bridge: no key-change events for now ({}); will subscribe when the bridge opens", e.getMessage());
        }
        return () -> keyListeners.remove(listener);
    }

    @Override
    public void close() {
        sessions.close();
    }

    /** Whether the bridge has given up after hung calls; for diagnostics. */
    public Optional<String> disabledBecause() {
        return sessions.disabledBecause();
    }

    private Object invoke(XtxFunction f, Object... args) throws XtxException {
        ComSessions.Session s = sessions.current();
        // A fresh object after a hang must deliver key-change events again.
        ensureSubscribed(s);
        try {
            return s.thread().call(() -> s.dispatch().call(f, args), timeout);
        } catch (TimeoutException e) {
            sessions.abandon(s, f.comName());
            throw new XtxException(Kind.TIMEOUT, f.comName() + " did not return over COM within "
                    + timeout.toMillis() + " ms", e);
        } catch (IllegalStateException e) {
            // The session was poisoned or stopped by another caller between session() and call().
            throw new XtxException(Kind.UNAVAILABLE, f.comName() + " not called: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw ComErrors.toXtx(f.comName(), e.getCause(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XtxException(Kind.UNAVAILABLE, f.comName() + " interrupted", e);
        }
    }

    private void ensureSubscribed(ComSessions.Session s) {
        if (keyListeners.isEmpty()) {
            return;
        }
        synchronized (s.subscription()) {
            if (s.subscription()[0] != null) {
                return;
            }
            try {
                s.subscription()[0] = s.thread().call(() -> s.dispatch().subscribe(this::fireKeyChange), timeout);
                log.info("COM bridge: subscribed to _IXTXAppEvents (OnUsbkeyChange)");
            } catch (ExecutionException e) {
                s.subscription()[0] = () -> { };
                String why = e.getCause() instanceof ComCallException c ? ComErrors.describe("Advise", c)
                        : String.valueOf(e.getCause());
                log.info("COM bridge: BJCA object offers no usable _IXTXAppEvents ({}); "
                        + "key changes come from USB notifications only", why);
            } catch (TimeoutException e) {
                sessions.abandon(s, "subscribing to _IXTXAppEvents");
            } catch (IllegalStateException e) {
                log.debug("COM bridge: not subscribed, apartment gone: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void fireKeyChange() {
        for (Runnable l : keyListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.warn("COM bridge: key-change listener failed", e);
            }
        }
    }

    private static <T> T parse(XtxFunction f, ReplyParser<T> parser, String reply) throws XtxException {
        try {
            return parser.parse(reply);
        } catch (XtxException e) {
            throw e;
        } catch (Exception e) {
            throw new XtxException(Kind.PROTOCOL, f.comName() + " reply over COM not understood: "
                    + e.getMessage(), e);
        }
    }

    /** Kept for the tests: how many apartments have hung so far. */
    int hungApartments() {
        return sessions.hungApartments();
    }

}
