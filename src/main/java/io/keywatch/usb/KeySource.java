package io.keywatch.usb;

/**
 * One way of noticing keys (USB arrival, BJCA push, startup scan). Started once and closed once by
 * {@link KeyEvents}; a source owns its threads and handles and releases all of them in {@link #close()}.
 */
public interface KeySource extends AutoCloseable {

    /** Short name for logs; also passed as the event's source. */
    String name();

    /**
     * Starts watching and reports to the sink from then on. Returns promptly.
     *
     * @throws Exception when the source cannot work on this machine; it is then skipped
     */
    void start(KeySink sink) throws Exception;

    /** Stops watching and releases threads and handles; idempotent, never throws. */
    @Override
    void close();
}
