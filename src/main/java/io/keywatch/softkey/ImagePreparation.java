package io.keywatch.softkey;

import io.keywatch.core.DbFacts;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.platform.GenericPlatform;
import io.keywatch.platform.RegistryReader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code keywatch prepare-image}: before a system image is captured, every profile's
 * {@code bjca_softkey.db} (and the default profile's, which new users are copied from) goes into
 * KeyWatch's quarantine, so no PC deployed from the image starts with a db from the image builder.
 *
 * <p>Each move is an ordinary {@link SoftkeyDb#reset} of that profile's BJCA folder with reason
 * {@value #REASON}: the same safety rules (no links, nothing outside the BJCA folder, locked files
 * refused) and a journal entry that {@code keywatch restore ID} undoes (see {@link #bjcaFolderOf}).
 * A profile that cannot be read is reported, never fatal.
 */
public final class ImagePreparation {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePreparation.class);

    /** The journal reason of every move made here. */
    public static final String REASON = "prepare-image";
    /** {@code HKLM\...\ProfileList}: one sub-key per profile SID with its {@code ProfileImagePath}. */
    public static final String PROFILE_LIST = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
    /** BJCA's per-user folder inside a Windows profile ({@code FOLDERID_LocalAppDataLow\BJCA}). */
    public static final Path WINDOWS_BJCA_SUB_PATH = Path.of("AppData", "LocalLow", "BJCA");
    static final String DEFAULT_PROFILE_FALLBACK = "%SystemDrive%\\Users\\Default";

    /** A profile: a display name (folder name or SID) and its folder. */
    public record Profile(String name, Path home) { }

    /** The profiles found, and what could not be looked at while finding them. */
    public record Profiles(List<Profile> profiles, List<String> problems) {
        public Profiles {
            profiles = List.copyOf(profiles);
            problems = List.copyOf(problems);
        }
    }

    /** What happened in one profile. */
    public enum Status {
        /** No db in this profile. */
        NO_DB,
        /** A db is there; {@code --dry-run} left it. */
        FOUND,
        /** Moved into the quarantine; the outcome's entry has the id to restore it. */
        MOVED,
        /** A db is there but the move was refused (locked, a link, permissions); nothing changed. */
        REFUSED,
        /** The profile (or its BJCA folder) cannot be read: whether a db is there is unknown. */
        UNREADABLE
    }

    /**
     * One profile's result.
     *
     * @param facts   the db's facts when one was found
     * @param entry   the journal entry of the move
     * @param problem why it was refused or unreadable (a system message, not translated)
     */
    public record Outcome(Profile profile, Path dbFile, Status status, Optional<DbFacts> facts,
                          Optional<JournalEntry> entry, Optional<String> problem) { }

    /** Everything done, profile by profile, plus problems met while listing profiles. */
    public record Report(boolean dryRun, List<Outcome> outcomes, List<String> problems) {
        public Report {
            outcomes = List.copyOf(outcomes);
            problems = List.copyOf(problems);
        }

        public long count(Status status) {
            return outcomes.stream().filter(o -> o.status() == status).count();
        }

        /** 0 when every db found was moved (or none was found, or a dry run); 5 when a move was refused. */
        public int exitCode() {
            return count(Status.REFUSED) > 0 ? io.keywatch.core.ExitCodes.FILE_ERROR : io.keywatch.core.ExitCodes.OK;
        }
    }

    /**
     * How profiles are looked at. A seam: tests run as root, who can read every folder, so an
     * unreadable profile has to be played.
     */
    public interface Access {
        Access SYSTEM = new Access() { };

        /** Fails when the folder cannot be listed (permissions) or does not exist. */
        default void requireReadable(Path folder) throws IOException {
            try (DirectoryStream<Path> ignored = Files.newDirectoryStream(folder)) {
                // opening is the proof
            }
        }

        /** The entries of a folder, links not followed. */
        default List<Path> children(Path folder) throws IOException {
            List<Path> out = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
                s.forEach(out::add);
            }
            out.sort(null);
            return out;
        }

        /** Attributes without following links. */
        default BasicFileAttributes attributes(Path p) throws IOException {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private final Path bjcaSubPath;
    private final Path dataDir;
    private final Clock clock;
    private final Access access;

    /**
     * @param bjcaSubPath BJCA's folder relative to a profile ({@link #WINDOWS_BJCA_SUB_PATH} on Windows)
     * @param dataDir     KeyWatch's data folder: the quarantine and journal {@code keywatch restore} reads
     */
    public ImagePreparation(Path bjcaSubPath, Path dataDir, Clock clock, Access access) {
        this.bjcaSubPath = bjcaSubPath;
        this.dataDir = dataDir;
        this.clock = clock;
        this.access = access;
    }

    public ImagePreparation(Path bjcaSubPath, Path dataDir, Clock clock) {
        this(bjcaSubPath, dataDir, clock, Access.SYSTEM);
    }

    /** Looks at (and unless {@code dryRun}, quarantines the db of) every profile, in order. */
    public Report run(Profiles profiles, boolean dryRun) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Profile p : profiles.profiles()) {
            Outcome o = one(p, dryRun);
            LOG.info("prepare-image{}: profile {} ({}): {}{}", dryRun ? " (dry run)" : "", p.name(), p.home(),
                    o.status(), o.entry().map(e -> " as " + e.id()).orElse("")
                            + o.problem().map(x -> ": " + x).orElse(""));
            outcomes.add(o);
        }
        return new Report(dryRun, outcomes, profiles.problems());
    }

    private Outcome one(Profile p, boolean dryRun) {
        Path folder = p.home().resolve(bjcaSubPath);
        Path db = folder.resolve(SoftkeyDb.FILE_NAME);
        try {
            access.requireReadable(p.home());
        } catch (NoSuchFileException e) {
            return new Outcome(p, db, Status.NO_DB, Optional.empty(), Optional.empty(),
                    Optional.of("the profile folder " + p.home() + " does not exist"));
        } catch (IOException | SecurityException e) {
            return unreadable(p, db, e);
        }
        BasicFileAttributes a;
        try {
            a = access.attributes(db);
        } catch (NoSuchFileException e) {
            return new Outcome(p, db, Status.NO_DB, Optional.empty(), Optional.empty(), Optional.empty());
        } catch (IOException | SecurityException e) {
            return unreadable(p, db, e);
        }
        DbFacts facts = new DbFacts(db, true, a.size(), GenericPlatform.creationTime(a),
                Optional.of(a.lastModifiedTime().toInstant()));
        if (dryRun) {
            return new Outcome(p, db, Status.FOUND, Optional.of(facts), Optional.empty(), Optional.empty());
        }
        SoftkeyDb store = new SoftkeyDb(db, folder, dataDir, Optional::empty, Optional::empty, clock);
        try {
            JournalEntry entry = store.reset(REASON);
            return new Outcome(p, db, Status.MOVED, Optional.of(facts), Optional.of(entry), Optional.empty());
        } catch (SoftkeyException e) {
            if (e.reason() == SoftkeyException.Reason.NOT_FOUND) {
                // Gone between the look and the move (BJCA or another admin): nothing left to do.
                return new Outcome(p, db, Status.NO_DB, Optional.empty(), Optional.empty(), Optional.of(e.getMessage()));
            }
            return new Outcome(p, db, Status.REFUSED, Optional.of(facts), Optional.empty(),
                    Optional.of(e.getMessage()));
        }
    }

    private static Outcome unreadable(Profile p, Path db, Exception e) {
        String why = e instanceof AccessDeniedException a ? "permission denied: " + a.getFile() : String.valueOf(e.getMessage());
        return new Outcome(p, db, Status.UNREADABLE, Optional.empty(), Optional.empty(), Optional.of(why));
    }

    // ------------------------------------------------------------------ finding profiles

    /**
     * Outside Windows: every child folder of each root (e.g. {@code /home}), plus folders that are
     * profiles themselves (e.g. {@code /etc/skel}). A missing root is skipped silently (not every
     * machine has {@code /etc/skel}); a root that cannot be listed is a problem.
     */
    public static Profiles fromRoots(List<Path> roots, List<Path> profileFolders, Access access) {
        List<String> problems = new ArrayList<>();
        Map<Path, Profile> found = new LinkedHashMap<>();
        for (Path root : roots) {
            List<Path> children;
            try {
                children = access.children(root);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException | SecurityException e) {
                problems.add("profile folder " + root + " cannot be listed: " + describe(e));
                continue;
            }
            for (Path child : children) {
                try {
                    if (access.attributes(child).isDirectory()) {
                        found.putIfAbsent(child.toAbsolutePath().normalize(), new Profile(name(child), child));
                    }
                } catch (IOException | SecurityException e) {
                    // Shown as an unreadable profile: it may be one.
                    found.putIfAbsent(child.toAbsolutePath().normalize(), new Profile(name(child), child));
                }
            }
        }
        for (Path p : profileFolders) {
            try {
                if (access.attributes(p).isDirectory()) {
                    found.putIfAbsent(p.toAbsolutePath().normalize(), new Profile(p.toString(), p));
                }
            } catch (NoSuchFileException e) {
                // not on this machine
            } catch (IOException | SecurityException e) {
                found.putIfAbsent(p.toAbsolutePath().normalize(), new Profile(p.toString(), p));
            }
        }
        return new Profiles(new ArrayList<>(found.values()), problems);
    }

    /** Windows: the profiles the OS lists, and the default profile. */
    public static Profiles windowsProfiles(RegistryReader registry) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> listValues = Map.of();
        Map<String, Map<String, Object>> bySid = new LinkedHashMap<>();
        try {
            listValues = registry.values(PROFILE_LIST);
            for (String sid : registry.subKeys(PROFILE_LIST)) {
                try {
                    bySid.put(sid, registry.values(PROFILE_LIST + "\\" + sid));
                } catch (RegistryReader.RegistryException e) {
                    problems.add("profile " + sid + ": " + e.getMessage());
                }
            }
        } catch (RegistryReader.RegistryException e) {
            problems.add("the list of profiles cannot be read: " + e.getMessage());
        }
        Profiles p = fromProfileList(bySid, listValues, registry::expand);
        List<String> all = new ArrayList<>(problems);
        all.addAll(p.problems());
        return new Profiles(p.profiles(), all);
    }

    /**
     * The pure part of {@link #windowsProfiles}: {@code ProfileImagePath} of each SID (REG_EXPAND_SZ,
     * expanded with {@code expand}), then the default profile from the list's {@code Default} value
     * ({@code %SystemDrive%\Users\Default} when absent). Duplicates (case-insensitive, as NTFS) are dropped.
     */
    public static Profiles fromProfileList(Map<String, Map<String, Object>> bySid, Map<String, Object> listValues,
                                           UnaryOperator<String> expand) {
        List<String> problems = new ArrayList<>();
        Map<String, Profile> found = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : bySid.entrySet()) {
            Object raw = e.getValue().get("ProfileImagePath");
            if (!(raw instanceof String s) || s.isBlank()) {
                problems.add("profile " + e.getKey() + " has no ProfileImagePath; skipped");
                continue;
            }
            add(found, e.getKey(), expand.apply(s.trim()), problems);
        }
        Object def = listValues.get("Default");
        String defaultPath = def instanceof String s && !s.isBlank() ? s.trim() : DEFAULT_PROFILE_FALLBACK;
        add(found, "Default", expand.apply(defaultPath), problems);
        return new Profiles(new ArrayList<>(found.values()), problems);
    }

    private static void add(Map<String, Profile> found, String sid, String path, List<String> problems) {
        try {
            Path home = Path.of(path);
            String key = home.toString().toLowerCase(java.util.Locale.ROOT);
            String name = "Default".equals(sid) ? "Default" : name(home) + " (" + sid + ")";
            found.putIfAbsent(key, new Profile(name, home));
        } catch (InvalidPathException e) {
            problems.add("profile " + sid + ": ProfileImagePath \"" + path + "\" is not a path; skipped");
        }
    }

    private static String name(Path p) {
        return p.getFileName() == null ? p.toString() : p.getFileName().toString();
    }

    private static String describe(Exception e) {
        return e instanceof AccessDeniedException a ? "permission denied: " + a.getFile() : String.valueOf(e.getMessage());
    }

    // ------------------------------------------------------------------ restoring

    /**
     * The BJCA folder a journal entry's db was taken from, when that folder is a BJCA folder of some
     * profile: the path ends in {@code <one of bjcaSubPaths>/bjca_softkey.db}. {@code keywatch restore}
     * uses it to restore a db {@code prepare-image} took from another profile; anything else stays
     * bound to the user's own BJCA folder (and is refused when outside it).
     */
    public static Optional<Path> bjcaFolderOf(JournalEntry entry, List<Path> bjcaSubPaths) {
        Path original;
        try {
            original = Path.of(entry.originalPath()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        Path folder = original.getParent();
        if (folder == null || original.getFileName() == null
                || !SoftkeyDb.FILE_NAME.equals(original.getFileName().toString())) {
            return Optional.empty();
        }
        for (Path sub : bjcaSubPaths) {
            if (sub.getNameCount() > 0 && folder.getNameCount() > sub.getNameCount() && endsWithIgnoringCase(folder, sub)) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    /** NTFS compares names without case; a path written by Windows may differ in case from ours. */
    private static boolean endsWithIgnoringCase(Path folder, Path sub) {
        int offset = folder.getNameCount() - sub.getNameCount();
        for (int i = 0; i < sub.getNameCount(); i++) {
            if (!folder.getName(offset + i).toString().equalsIgnoreCase(sub.getName(i).toString())) {
                return false;
            }
        }
        return true;
    }
}
