package io.keywatch.core;

import java.util.Objects;

/** One certificate on a key as listed by {@code SOF_GetUserList}: holder name and cert id ({@code container/serial}). */
public record KeyUser(String name, String certId) {
    public KeyUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certId, "certId");
    }
}
