package io.keywatch.cli;

import io.keywatch.platform.Autostart;
import io.keywatch.tray.TrayActions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The tray menu's actions outside the watchdog, as the tray and the demo provide them. */
final class CliTrayActions implements TrayActions {
    private final Path logFolder;
    private final Supplier<Optional<Autostart>> autostart;
    private final Runnable exit;
    private final Optional<Callable<Path>> diagnostics;
    private final Optional<Callable<io.keywatch.doctor.DoctorReport>> doctor;

    CliTrayActions(Path logFolder, Supplier<Optional<Autostart>> autostart, Runnable exit,
                   Optional<Callable<Path>> diagnostics) {
        this(logFolder, autostart, exit, diagnostics, Optional.empty());
    }

    CliTrayActions(Path logFolder, Supplier<Optional<Autostart>> autostart, Runnable exit,
                   Optional<Callable<Path>> diagnostics, Optional<Callable<io.keywatch.doctor.DoctorReport>> doctor) {
        this.logFolder = logFolder;
        this.autostart = autostart;
        this.exit = exit;
        this.diagnostics = diagnostics;
        this.doctor = doctor;
    }

    @Override
    public Optional<Callable<io.keywatch.doctor.DoctorReport>> runDoctor() {
        return doctor;
    }

    @Override
    public Path logFolder() {
        return logFolder;
    }

    @Override
    public Optional<Autostart> autostart() {
        return autostart.get();
    }

    @Override
    public List<String> autostartCommand() {
        return SelfCommand.tray();
    }

    @Override
    public String version() {
        return VersionProvider.version();
    }

    @Override
    public void exit() {
        exit.run();
    }

    @Override
    public Optional<Callable<Path>> exportDiagnostics() {
        return diagnostics;
    }
}
