package io.keywatch.diagnostics;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;

/** A part's text, or why there is none. */
record Content(String text, Diagnostics.State state, String note) {
    static Content of(String text) {
        return new Content(text, Diagnostics.State.OK, "");
    }

    static Content absent(String note) {
        return new Content(null, Diagnostics.State.ABSENT, note);
    }

    static Content failed(String note) {
        return new Content(null, Diagnostics.State.FAILED, note);
    }

    /** Pretty JSON text of a part. */
    static String json(Object value) {
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads one part. */
    @FunctionalInterface
    interface Source {
        Content read() throws Exception;
    }
}
