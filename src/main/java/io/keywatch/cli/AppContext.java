package io.keywatch.cli;

import io.keywatch.softkey.ImagePreparation;
import io.keywatch.bjca.LazyXtxClient;
import io.keywatch.softkey.SoftkeyDb;
import io.keywatch.bjca.XtxClients;
import io.keywatch.config.ConfigFile;
import io.keywatch.config.ConfigLoader;
import io.keywatch.config.KeyWatchConfig;
import io.keywatch.config.PolicySource;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.Messages;
import io.keywatch.core.SoftkeyStore;
import io.keywatch.core.XtxClient;
import io.keywatch.fleet.FleetEvents;
import io.keywatch.platform.Platform;
import io.keywatch.platform.Platforms;
import io.keywatch.platform.RegistryReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a command needs, built once from the configuration: messages, platform, the BJCA
 * client (opened lazily, so {@code restore --list} never touches the network) and the softkey db.
 */
public final class AppContext implements AutoCloseable {
    private final KeyWatchConfig config;
    private final List<String> problems;
    private final Messages messages;
    private final Platform platform;
    private XtxClient client;
    private SoftkeyDb store;
    private boolean recovered;

    AppContext(KeyWatchConfig config, List<String> problems, Messages messages, Platform platform) {
        this.config = config;
        this.problems = List.copyOf(problems);
        this.messages = messages;
        this.platform = platform;
    }

    /**
     * Thrown when {@code --config FILE} names a file a command cannot use: not there, a folder, over the
     * size cap, not UTF-8 or not one JSON object. Exit code 2; the message names the file and why.
     */
    public static final class ConfigFileMissing extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigFileMissing(String message) {
            super(message);
        }
    }

    /**
     * Machine-wide file, then the per-user file, or {@code --config FILE} instead of the per-user file.
     * Problems are kept for the caller to print or log. A {@code --config} file that is there but cannot
     * be used at all stops a command (IT validates files this way).
     */
    public static AppContext load(Optional<Path> configFile, Platform platform) throws ConfigFileMissing {
        return load(configFile, platform, false);
    }

    /**
     * As {@link #load(Optional, Platform)}, but a {@code --config} file that is there and cannot be used
     * only costs its settings: the tray starts without them and its problems say why.
     */
    public static AppContext loadForTray(Optional<Path> configFile, Platform platform) throws ConfigFileMissing {
        return load(configFile, platform, true);
    }

    private static AppContext load(Optional<Path> configFile, Platform platform, boolean tray)
            throws ConfigFileMissing {
        Messages bootstrap = Messages.forLanguage("auto");
        Optional<String> rejected = Optional.empty();
        if (configFile.isPresent()) {
            ConfigFile.Read read = new ConfigFile(bootstrap).read(configFile.get());
            if (read.absent()) {
                throw new ConfigFileMissing(bootstrap.get("config.missingFile", configFile.get()));
            }
            if (read.rejected()) {
                String why = read.problem().orElse("");
                if (!tray) {
                    throw new ConfigFileMissing(bootstrap.get("config.rejectedExplicit", configFile.get(), why));
                }
                rejected = Optional.of(bootstrap.get("config.trayDefaults", why));
            }
        }
        List<Path> files = new ArrayList<>();
        platform.machineConfigFile().ifPresent(files::add);
        if (rejected.isEmpty()) {
            files.add(configFile.orElse(platform.userConfigFile()));
        }
        ConfigLoader.Result r = new ConfigLoader(bootstrap).load(files, PolicySource.forThisMachine(bootstrap));
        Messages messages = Messages.forLanguage(r.config().uiLanguage());
        // Re-read with the chosen language so the problems are in the words the reader expects.
        if ((!r.problems().isEmpty() || rejected.isPresent()) && !messages.locale().equals(bootstrap.locale())) {
            r = new ConfigLoader(messages).load(files, PolicySource.forThisMachine(messages));
            if (rejected.isPresent()) {
                rejected = Optional.of(messages.get("config.trayDefaults",
                        new ConfigFile(messages).read(configFile.get()).problem().orElse("")));
            }
        }
        List<String> problems = new ArrayList<>();
        rejected.ifPresent(problems::add);
        problems.addAll(r.problems());
        return new AppContext(r.config(), problems, messages, platform);
    }

    /**
     * Once per start, the first time it is called (every command through {@code BaseCommand.ctx()},
     * the tray's login start once its icon is shown): the data folder and the quarantine made private,
     * and a reset or restore a crash interrupted finished or rolled back ({@link SoftkeyDb#recoverInterrupted}).
     * A few file-system lookups when there is nothing to do; never throws.
     */
    public synchronized void recoverInterrupted() {
        if (!recovered) {
            recovered = true;
            store().recoverInterrupted();
        }
    }

    public static AppContext load(Optional<Path> configFile) throws ConfigFileMissing {
        return load(configFile, Platforms.current());
    }

    public static AppContext loadForTray(Optional<Path> configFile) throws ConfigFileMissing {
        return loadForTray(configFile, Platforms.current());
    }

    public KeyWatchConfig config() {
        return config;
    }

    public List<String> problems() {
        return problems;
    }

    public Messages messages() {
        return messages;
    }

    public Platform platform() {
        return platform;
    }

    public Path dataDir() {
        return config.dataDir().orElseGet(platform::defaultDataDir);
    }

    public Path logDir() {
        return dataDir().resolve("logs");
    }

    public Path dbFile() {
        return config.softkeyDbPath().orElseGet(() -> platform.defaultBjcaFolder().resolve(SoftkeyDb.FILE_NAME));
    }

    /** The folder the db must stay inside: the configured db's folder, or BJCA's default folder. */
    public Path bjcaFolder() {
        return config.softkeyDbPath().map(p -> p.toAbsolutePath().getParent()).orElseGet(platform::defaultBjcaFolder);
    }

    /** The BJCA client; the bridge is probed and opened by its first call, not here. */
    public synchronized XtxClient client() {
        if (client == null) {
            client = new LazyXtxClient(this::openClient);
        }
        return client;
    }

    private XtxClient openClient() {
        io.keywatch.bjca.BjcaSettings settings = bjcaSettings(config, RegistryReader::forThisMachine, dataDir());
        return XtxClients.open(config.bjcaBridge(), config.bjcaUrl(),
                config.bjcaSynctlUrl().orElseGet(() -> io.keywatch.bjca.BjcaEndpoint.synctlFor(config.bjcaUrl())),
                config.bjcaTimeout(), config.bjcaAllowRemote(), settings);
    }

    /**
     * How KeyWatch meets BJCA's TLS service (see BjcaTls): {@code bjca.trustFile} when set; else the
     * install's {@code <InstallPath>\Program\trust.pem} when it exists (Windows); else the certificate is
     * pinned on first use in the data folder. The registry is read only when no trust file is configured.
     */
    static io.keywatch.bjca.BjcaSettings bjcaSettings(KeyWatchConfig config,
                                                      java.util.function.Supplier<Optional<RegistryReader>> registry,
                                                      Path dataDir) {
        Optional<Path> installTrust = config.bjcaTrustFile().isPresent() ? Optional.empty()
                : io.keywatch.platform.BjcaInstall.trustFile(registry.get());
        return config.bjcaSettings(installTrust).withDataDir(dataDir);
    }

    public synchronized SoftkeyDb store() {
        if (store == null) {
            store = SoftkeyDb.forPlatform(platform, dbFile(), bjcaFolder(), dataDir(), Clock.systemUTC());
        }
        return store;
    }

    /** BJCA's folder relative to a profile: fixed on Windows, configured ({@code image.bjcaSubPath}) elsewhere. */
    public Path imageBjcaSubPath() {
        return "windows".equals(platform.name()) ? ImagePreparation.WINDOWS_BJCA_SUB_PATH : config.imageBjcaSubPath();
    }

    /** The profiles {@code prepare-image} looks at: the OS's list on Windows, the configured roots elsewhere. */
    public ImagePreparation.Profiles imageProfiles() {
        if ("windows".equals(platform.name())) {
            Optional<RegistryReader> registry = RegistryReader.forThisMachine();
            if (registry.isPresent()) {
                return ImagePreparation.windowsProfiles(registry.get());
            }
        }
        return ImagePreparation.fromRoots(config.imageProfileRoots(), config.imageProfiles(),
                ImagePreparation.Access.SYSTEM);
    }

    /**
     * The store that may restore {@code entry}: the user's own, or, for a db {@code prepare-image} took
     * from another profile's BJCA folder, one bound to that folder (same quarantine and journal).
     */
    public SoftkeyStore storeFor(JournalEntry entry) {
        Path original = Path.of(entry.originalPath()).toAbsolutePath().normalize();
        if (original.startsWith(bjcaFolder().toAbsolutePath().normalize())) {
            return store();
        }
        return ImagePreparation.bjcaFolderOf(entry, List.of(imageBjcaSubPath(), ImagePreparation.WINDOWS_BJCA_SUB_PATH))
                .<SoftkeyStore>map(folder -> new SoftkeyDb(folder.resolve(SoftkeyDb.FILE_NAME), folder, dataDir(),
                        Optional::empty, Optional::empty, Clock.systemUTC()))
                .orElseGet(this::store);
    }

    /**
     * Fleet reporting for this context: the {@code keywatch.events} log, syslog when
     * {@code log.syslog.host} is set, and the platform's event log. The caller closes it; for the
     * tray and the demo add it as a watchdog listener ({@code watchdog.addListener(events)}).
     */
    public FleetEvents fleetEvents() {
        return new FleetEvents(FleetEvents.Identity.current(VersionProvider.version()), platform.eventLog(messages),
                FleetEvents.SyslogTarget.of(config.syslogHost(), config.syslogPort(), config.syslogFacility(),
                        config.syslogProtocol()));
    }

    /**
     * BJCA's certificate assistant as this site has it: {@code bjca.assistantCommand}, else the one
     * program in the install's {@code BjcaCertAide} folder; started through the shell's "run as
     * administrator" on Windows, plainly elsewhere; the wait bounded by {@code bjca.assistantWaitSeconds}.
     */
    public io.keywatch.assistant.AssistantPath assistantPath() {
        return new io.keywatch.assistant.AssistantPath(this::assistantLookup,
                io.keywatch.platform.AssistantStarters.forPlatform(platform), dbFile(), config.assistantWait());
    }

    /** Where BJCA's certificate assistant is now ({@code bjca.assistantCommand}, else the install's folder). */
    public io.keywatch.assistant.AssistantLocator.Lookup assistantLookup() {
        boolean windows = "windows".equals(platform.name());
        return io.keywatch.assistant.AssistantLocator.locate(config.assistantCommand(), windows,
                io.keywatch.platform.BjcaInstall.assistantFolder(RegistryReader.forThisMachine()));
    }

    public BjcaEnvironment environment() {
        return new BjcaEnvironment(client(), store(), Clock.systemUTC());
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
