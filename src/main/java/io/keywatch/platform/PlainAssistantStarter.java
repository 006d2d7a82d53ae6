package io.keywatch.platform;

import io.keywatch.core.AssistantStarter;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * Starts the assistant as a plain child process, with KeyWatch's own rights, from an argument list:
 * outside Windows (the simulator's stand-in) there is no elevation to ask for.
 */
public final class PlainAssistantStarter implements AssistantStarter {
    private final boolean showOutput;

    /** @param showOutput pass the program's output through (the demo shows the stand-in's line) */
    public PlainAssistantStarter(boolean showOutput) {
        this.showOutput = showOutput;
    }

    @Override
    public Started start(List<String> command) throws IOException {
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IOException("no program to start");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (showOutput) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        var exit = p.onExit().thenApply(done -> OptionalInt.of(done.exitValue()));
        return () -> exit;
    }
}
