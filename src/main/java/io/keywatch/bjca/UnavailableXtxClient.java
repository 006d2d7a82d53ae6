package io.keywatch.bjca;

import io.keywatch.core.XtxException;
import java.util.List;

/** A bridge that cannot work here (e.g. COM off Windows): every call says why, the app keeps running. */
final class UnavailableXtxClient extends AbstractXtxClient {
    private final String bridge;
    private final String why;

    UnavailableXtxClient(String bridge, String why) {
        this.bridge = bridge;
        this.why = why;
    }

    @Override
    public String bridge() {
        return bridge;
    }

    @Override
    protected java.util.Optional<Object> call(String function, List<?> params) throws XtxException {
        throw new XtxException(XtxException.Kind.UNAVAILABLE, function + ": " + why);
    }

    @Override
    public AutoCloseable onUsbkeyChange(Runnable listener) {
        return () -> { };
    }

    @Override
    public void close() {
    }
}
