package io.keywatch.core;

/** Hears a connected bridge lose and regain the BJCA service (see {@link XtxClient#onConnectionChange}). */
public interface ConnectionListener {

    /** The service answers again (or for the first time) after being unreachable. */
    void connected();

    /** The connection to the service is gone (closed, refused, or pings unanswered). */
    void lost(String reason);
}
