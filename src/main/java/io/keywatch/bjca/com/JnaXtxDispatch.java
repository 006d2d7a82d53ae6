package io.keywatch.bjca.com;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.COM.COMException;
import com.sun.jna.platform.win32.COM.COMLateBindingObject;
import com.sun.jna.platform.win32.COM.COMUtils;
import com.sun.jna.platform.win32.COM.Dispatch;
import com.sun.jna.platform.win32.COM.IDispatch;
import com.sun.jna.platform.win32.COM.util.AbstractComEventCallbackListener;
import com.sun.jna.platform.win32.COM.util.IComEventCallbackCookie;
import com.sun.jna.platform.win32.COM.util.IConnectionPoint;
import com.sun.jna.platform.win32.COM.util.IUnknown;
import com.sun.jna.platform.win32.COM.util.ObjectFactory;
import com.sun.jna.platform.win32.COM.util.annotation.ComEventCallback;
import com.sun.jna.platform.win32.COM.util.annotation.ComInterface;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.OaIdl;
import com.sun.jna.platform.win32.OleAuto;
import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.Variant;
import com.sun.jna.platform.win32.WTypes;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.PointerByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code XTXAppCOM.XTXApp} through jna-platform: created with CoCreateInstance (ProgIDs, then the
 * CLSID), called late-bound through IDispatch by name with the type library's dispatch id as a
 * fallback, events through the {@code _IXTXAppEvents} connection point with jna-platform's COM util
 * proxies. Windows only; every method runs on the apartment thread (see {@link ApartmentThread}).
 * Public only so that jna-platform's reflection can reach the event interfaces nested here.
 */
public final class JnaXtxDispatch implements XtxDispatch {
    private static final Logger log = LoggerFactory.getLogger(JnaXtxDispatch.class);

    private final XtxApp app;
    private final Pointer object;
    private final String createdFrom;
    private ObjectFactory eventFactory;
    /**
     * The connection-point proxy, made once and disposed by {@link #release()} on this thread. Left
     * to its finalizer (a local after a failed advise, say), it would call Release from the finalizer
     * thread, outside the apartment.
     */
    private XtxAppEventSource eventSource;

    private JnaXtxDispatch(Pointer object, String createdFrom) {
        this.app = new XtxApp(new Dispatch(object));
        this.object = object;
        this.createdFrom = createdFrom;
    }

    /** Tries each ProgID, then the fixed CLSID; in-process (x64 DLL) or local server, whichever is registered. */
    static XtxDispatch create() throws ComCallException {
        Guid.GUID clsid = null;
        String from = null;
        for (String progId : ComXtxClient.PROG_IDS) {
            Guid.CLSID.ByReference ref = new Guid.CLSID.ByReference();
            WinNT.HRESULT hr = Ole32.INSTANCE.CLSIDFromProgID(progId, ref);
            if (COMUtils.SUCCEEDED(hr)) {
                clsid = ref;
                from = progId;
                break;
            }
            log.debug("ProgID {} not registered ({})", progId, ComCallException.hex(hr.intValue()));
        }
        if (clsid == null) {
            clsid = new Guid.CLSID(ComXtxClient.CLSID);
            from = ComXtxClient.CLSID;
        }
        return create(clsid, from);
    }

    /** Creates the object of {@code clsid} (in-process or local server); the Windows test uses a stock class. */
    static JnaXtxDispatch create(Guid.GUID clsid, String from) throws ComCallException {
        PointerByReference out = new PointerByReference();
        WinNT.HRESULT hr = Ole32.INSTANCE.CoCreateInstance(clsid, null,
                WTypes.CLSCTX_INPROC_SERVER | WTypes.CLSCTX_LOCAL_SERVER, IDispatch.IID_IDISPATCH, out);
        if (COMUtils.FAILED(hr)) {
            boolean only32Bit = BjcaComRegistration.mayBe32BitOnly(hr.intValue())
                    && BjcaComRegistration.check() == BjcaComRegistration.State.ONLY_32_BIT;
            throw new ComCallException(hr.intValue(), "CoCreateInstance(" + from + ")", only32Bit);
        }
        log.debug("BJCA COM object created from {}", from);
        return new JnaXtxDispatch(out.getValue(), from);
    }

    @Override
    public Object call(XtxFunction function, Object... args) throws ComCallException {
        Variant.VARIANT[] vargs = new Variant.VARIANT[args.length];
        for (int i = 0; i < args.length; i++) {
            vargs[i] = toVariant(args[i]);
        }
        Variant.VARIANT.ByReference result = new Variant.VARIANT.ByReference();
        try {
            try {
                app.invoke(result, function.comName(), vargs);
            } catch (COMException e) {
                if (!function.hasDispId() || !isUnknownName(e)) {
                    throw e;
                }
                log.debug("{} unknown by name on {}; calling dispatch id {}", function.comName(), createdFrom,
                        function.dispId());
                app.invoke(result, new OaIdl.DISPID(function.dispId()), vargs);
            }
            return ComValues.unwrap(result);
        } catch (COMException e) {
            throw new ComCallException(e.getHresult() == null ? 0 : e.getHresult().intValue(), e.getMessage(), e);
        } finally {
            OleAuto.INSTANCE.VariantClear(result);
            for (Variant.VARIANT v : vargs) {
                OleAuto.INSTANCE.VariantClear(v);
            }
        }
    }

    @Override
    public AutoCloseable subscribe(Runnable onChange) throws ComCallException {
        try {
            if (eventFactory == null) {
                eventFactory = new ObjectFactory();
            }
            if (eventSource == null) {
                eventSource = eventFactory.createProxy(XtxAppEventSource.class, proxyDispatch(object));
            }
            XtxAppEventSource source = eventSource;
            XtxAppEventsListener listener = new XtxAppEventsListener(onChange);
            IComEventCallbackCookie cookie = source.advise(XtxAppEvents.class, listener);
            // Held strongly until unadvised: a collected sink would crash the JVM on BJCA's next event.
            return new EventSubscription<>(source, listener, (s, l) -> s.unadvise(XtxAppEvents.class, cookie));
        } catch (COMException e) {
            throw new ComCallException(e.getHresult() == null ? 0 : e.getHresult().intValue(), e.getMessage(), e);
        }
    }

    @Override
    public void release() {
        if (eventFactory != null) {
            eventFactory.disposeAll(); // the event source's own reference, on this thread
        }
        eventSource = null;
        app.release();
    }

    /**
     * The proxy's own wrapper of the object's pointer, never the one {@link #app} calls through:
     * jna-platform's {@code ProxyObject.dispose()} releases its reference and then sets the wrapper
     * it was given to NULL, which, shared, left every later call (and the final Release) with a null
     * pointer.
     */
    static Dispatch proxyDispatch(Pointer object) {
        return new Dispatch(object);
    }

    private static boolean isUnknownName(COMException e) {
        return e.matchesErrorCode(ComErrors.DISP_E_UNKNOWNNAME) || e.matchesErrorCode(ComErrors.DISP_E_MEMBERNOTFOUND);
    }

    private static Variant.VARIANT toVariant(Object arg) {
        if (arg instanceof String s) {
            return new Variant.VARIANT(s);
        }
        if (arg instanceof Integer i) {
            return new Variant.VARIANT(i);
        }
        if (arg instanceof Boolean b) {
            return new Variant.VARIANT(b);
        }
        throw new IllegalArgumentException("unsupported COM argument type " + arg.getClass().getName());
    }

    /** Exposes the late-binding helpers of jna-platform's base class. */
    private static final class XtxApp extends COMLateBindingObject {
        XtxApp(IDispatch dispatch) {
            super(dispatch);
        }

        void invoke(Variant.VARIANT.ByReference result, String name, Variant.VARIANT[] args) {
            oleMethod(OleAuto.DISPATCH_METHOD, result, name, args);
        }

        void invoke(Variant.VARIANT.ByReference result, OaIdl.DISPID id, Variant.VARIANT[] args) {
            oleMethod(OleAuto.DISPATCH_METHOD, result, id, args);
        }
    }

    /** The object's own interface, only to reach its connection points through the COM util proxy. */
    @ComInterface(iid = "{6C12D5B5-343C-4D55-B37E-7E7A151DCE71}")
    public interface XtxAppEventSource extends IUnknown, IConnectionPoint {
    }

    /** {@code _IXTXAppEvents}; argument lists are not public, see {@link XtxAppEventsListener}. */
    @ComInterface(iid = ComXtxClient.EVENTS_IID)
    public interface XtxAppEvents {
        @ComEventCallback(dispid = 1, name = "OnUsbkeyChange")
        void onUsbkeyChange();

        @ComEventCallback(dispid = 2, name = "OnUsbkeyInsert")
        void onUsbkeyInsert();

        @ComEventCallback(dispid = 3, name = "OnUsbkeyRemove")
        void onUsbkeyRemove();
    }

    /**
     * Every event of the interface means "the keys changed, read again". When BJCA passes arguments the
     * declared methods do not take, jna reports it through {@link #errorReceivingCallbackEvent}; that
     * still is a key change, so it fires too.
     */
    public static final class XtxAppEventsListener extends AbstractComEventCallbackListener implements XtxAppEvents {
        private final Runnable onChange;

        XtxAppEventsListener(Runnable onChange) {
            this.onChange = onChange;
        }

        @Override
        public void onUsbkeyChange() {
            onChange.run();
        }

        @Override
        public void onUsbkeyInsert() {
            onChange.run();
        }

        @Override
        public void onUsbkeyRemove() {
            onChange.run();
        }

        @Override
        public void errorReceivingCallbackEvent(String message, Exception exception) {
            log.debug("BJCA COM event not decoded ({}); treating it as a key change", message, exception);
            onChange.run();
        }
    }
}
