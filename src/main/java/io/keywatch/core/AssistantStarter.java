package io.keywatch.core;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Port: starts BJCA's certificate assistant (证书助手), the one program KeyWatch ever asks Windows to run
 * with administrator rights. KeyWatch itself never elevates: on Windows the adapter asks the shell
 * ({@code ShellExecuteEx}, verb {@code runas}), which shows the UAC consent prompt for that program only;
 * elsewhere it is a plain start (the simulator's stand-in). Called off the watchdog thread.
 */
public interface AssistantStarter {

    /**
     * Starts {@code command} (program and arguments, never a shell string) and returns at once.
     *
     * @throws Cancelled   the person at the PC declined the elevation prompt (Windows ERROR_CANCELLED)
     * @throws IOException the program could not be started; the message says why
     */
    Started start(List<String> command) throws Cancelled, IOException;

    /** A started assistant. */
    interface Started {
        /**
         * Completes with the exit code when the assistant ends (empty when the code cannot be read);
         * never completes when the end cannot be observed (the shell handed over to a running instance).
         */
        CompletableFuture<OptionalInt> exit();
    }

    /** The elevation prompt was answered "no": nothing was started. */
    final class Cancelled extends Exception {
        private static final long serialVersionUID = 1L;

        public Cancelled(String message) {
            super(message);
        }
    }
}
