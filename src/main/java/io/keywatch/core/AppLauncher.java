package io.keywatch.core;

import java.io.IOException;
import java.util.List;

/** Port: starts the nursing app from an argument list (never a shell string), without elevation. */
public interface AppLauncher {
    void launch(List<String> command) throws IOException;
}
