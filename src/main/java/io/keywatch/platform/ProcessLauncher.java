package io.keywatch.platform;

import io.keywatch.core.AppLauncher;
import java.io.IOException;
import java.util.List;

/** Starts a program from an argument list with {@link ProcessBuilder}: no shell, no elevation, no waiting. */
public final class ProcessLauncher implements AppLauncher {
    @Override
    public void launch(List<String> command) throws IOException {
        if (command.isEmpty()) {
            throw new IOException("empty command");
        }
        new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
