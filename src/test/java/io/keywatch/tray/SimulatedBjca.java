package io.keywatch.tray;

import io.keywatch.softkey.SoftkeyDb;
import io.keywatch.bjca.XtxClients;
import io.keywatch.core.SoftkeyStore;
import io.keywatch.core.XtxClient;
import io.keywatch.sim.BjcaSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The tray tests' BJCA played by the embedded simulator over a real WebSocket, with a sandbox
 * LocalLow folder and the real {@link SoftkeyDb}: the same chain as in production, minus Windows.
 */
final class SimulatedBjca implements BjcaStandIn {
    private final BjcaSimulator sim;
    private final XtxClient client;
    private final SoftkeyDb store;
    private final Path bjcaFolder;

    SimulatedBjca(Path work) throws IOException {
        bjcaFolder = Files.createDirectories(work.resolve("LocalLow/BJCA"));
        sim = new BjcaSimulator(bjcaFolder, "WARD-PC-3");
        sim.start(0, 0);
        client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofSeconds(2), false);
        store = SoftkeyDb.inSandbox(bjcaFolder.resolve(SoftkeyDb.FILE_NAME), bjcaFolder, work.resolve("data"),
                () -> Optional.of(FakeBjca.OS_INSTALLED), BjcaSimulator::recordedCreation, Clock.systemUTC());
    }

    BjcaSimulator simulator() {
        return sim;
    }

    @Override
    public XtxClient client() {
        return client;
    }

    @Override
    public SoftkeyStore store() {
        return store;
    }

    @Override
    public void insertKey(String user) {
        sim.insertKey(user, "5303201812001784");
    }

    @Override
    public void removeKey() {
        sim.removeKey();
    }

    @Override
    public void carryOverDb() {
        try {
            BjcaSimulator.writeForeignDb(bjcaFolder, "IMAGE-BUILDER", FakeBjca.IMAGE_BUILT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void serviceUp(boolean up) {
        try {
            if (up) {
                sim.startListening();
            } else {
                sim.stopListening();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        sim.close();
    }
}
