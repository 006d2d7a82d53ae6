package io.keywatch.bjca.com;

/**
 * The BJCA {@code XTXAppCOM.XTXApp} object as the COM bridge needs it. Every method runs on the
 * apartment thread that created the object. {@link JnaXtxDispatch} is the Windows implementation;
 * tests use fakes to drive the bridge's timeout and recovery logic on any OS.
 */
interface XtxDispatch {

    /** Creates the object; runs on the apartment thread. */
    @FunctionalInterface
    interface Factory {
        XtxDispatch create() throws ComCallException;
    }

    /**
     * Calls {@code function} late-bound by name, falling back to its dispatch id when the object does
     * not know the name.
     *
     * @return the result as {@code null}, Boolean, Number or String (see {@link ComValues#unwrap})
     */
    Object call(XtxFunction function, Object... args) throws ComCallException;

    /**
     * Subscribes to {@code _IXTXAppEvents}; {@code onChange} runs for every key change event.
     *
     * @return closing it unsubscribes (on the apartment thread)
     * @throws ComCallException when the object offers no such connection point
     */
    AutoCloseable subscribe(Runnable onChange) throws ComCallException;

    /** Releases the object. */
    void release();
}
