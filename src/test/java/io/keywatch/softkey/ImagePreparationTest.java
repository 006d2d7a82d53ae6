package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.softkey.ImagePreparation.Outcome;
import io.keywatch.softkey.ImagePreparation.Profile;
import io.keywatch.softkey.ImagePreparation.Profiles;
import io.keywatch.softkey.ImagePreparation.Report;
import io.keywatch.softkey.ImagePreparation.Status;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.platform.RegistryReader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare-image on a folder tree with several profiles, one of them unreadable, one without a db. */
class ImagePreparationTest {
    static final Path SUB = Path.of(".local", "share", "BJCA");

    @TempDir
    Path tmp;
    private Path home;
    private Path skel;
    private Path data;
    private final Map<String, byte[]> contents = new LinkedHashMap<>();

    /** Root reads everything; this plays a profile whose owner locked everyone else out. */
    private ImagePreparation.Access carolLocked() {
        return new ImagePreparation.Access() {
            @Override
            public void requireReadable(Path folder) throws IOException {
                if (folder.getFileName().toString().equals("carol")) {
                    throw new AccessDeniedException(folder.toString());
                }
                ImagePreparation.Access.super.requireReadable(folder);
            }
        };
    }

    @BeforeEach
    void tree() throws IOException {
        home = tmp.resolve("home");
        skel = tmp.resolve("etc/skel");
        data = tmp.resolve("admin-data");
        for (String user : List.of("alice", "bob", "carol")) {
            contents.put(user, TestFiles.writeDb(db(home.resolve(user)), 1000 + user.length(),
                    Instant.parse("2023-11-15T02:00:00Z")));
        }
        Files.createDirectories(home.resolve("dave"));            // a profile without BJCA
        Files.writeString(home.resolve("notes.txt"), "not a profile");
        contents.put("skel", TestFiles.writeDb(db(skel), 2048, Instant.parse("2023-11-15T02:00:00Z")));
    }

    private static Path db(Path profile) {
        return profile.resolve(SUB).resolve(SoftkeyDb.FILE_NAME);
    }

    private Profiles profiles() {
        return ImagePreparation.fromRoots(List.of(home, tmp.resolve("no-such-root")), List.of(skel, tmp.resolve("absent")),
                carolLocked());
    }

    private static Map<String, Outcome> byName(Report r) {
        return r.outcomes().stream().collect(Collectors.toMap(o -> o.profile().name(), Function.identity()));
    }

    @Test
    void findsEveryChildFolderOfTheRootsAndTheDefaultProfileButNoFiles() {
        Profiles p = profiles();
        assertThat(p.profiles()).extracting(Profile::name).containsExactly("alice", "bob", "carol", "dave", skel.toString());
        assertThat(p.problems()).as("a missing root is not a problem").isEmpty();
    }

    @Test
    void dryRunReportsEveryProfileAndChangesNothing() throws Exception {
        Report r = new ImagePreparation(SUB, data, Clock.systemUTC(), carolLocked()).run(profiles(), true);

        Map<String, Outcome> o = byName(r);
        assertThat(o.get("alice").status()).isEqualTo(Status.FOUND);
        assertThat(o.get("alice").facts().orElseThrow().size()).isEqualTo(1005);
        assertThat(o.get("bob").status()).isEqualTo(Status.FOUND);
        assertThat(o.get(skel.toString()).status()).isEqualTo(Status.FOUND);
        assertThat(o.get("dave").status()).isEqualTo(Status.NO_DB);
        assertThat(o.get("carol").status()).isEqualTo(Status.UNREADABLE);
        assertThat(o.get("carol").problem()).hasValueSatisfying(x -> assertThat(x).contains("permission denied", "carol"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.count(Status.MOVED)).isZero();
        for (String user : List.of("alice", "bob", "carol")) {
            assertThat(Files.readAllBytes(db(home.resolve(user)))).isEqualTo(contents.get(user));
        }
        assertThat(Files.readAllBytes(db(skel))).isEqualTo(contents.get("skel"));
        assertThat(data).as("a dry run does not even create the quarantine").doesNotExist();
    }

    @Test
    void yesMovesEveryReadableDbWithARestorableJournalEntryAndLeavesTheUnreadableProfileAlone() throws Exception {
        Report r = new ImagePreparation(SUB, data, Clock.systemUTC(), carolLocked()).run(profiles(), false);

        Map<String, Outcome> o = byName(r);
        assertThat(r.exitCode()).isZero();
        assertThat(r.count(Status.MOVED)).isEqualTo(3);
        assertThat(o.get("carol").status()).isEqualTo(Status.UNREADABLE);
        assertThat(db(home.resolve("carol"))).as("unreadable: not touched").exists();
        assertThat(o.get("dave").status()).isEqualTo(Status.NO_DB);
        for (String name : List.of("alice", "bob", skel.toString())) {
            Outcome moved = o.get(name);
            assertThat(moved.status()).as(name).isEqualTo(Status.MOVED);
            assertThat(moved.dbFile()).doesNotExist();
            JournalEntry e = moved.entry().orElseThrow();
            assertThat(e.reason()).isEqualTo(ImagePreparation.REASON);
            assertThat(e.originalPath()).isEqualTo(moved.dbFile().toAbsolutePath().normalize().toString());
            assertThat(Path.of(e.quarantinePath())).startsWith(data.resolve("quarantine"));
        }

        // One journal for all profiles, in the data folder keywatch restore reads.
        SoftkeyDb own = new SoftkeyDb(tmp.resolve("me/BJCA/bjca_softkey.db"), tmp.resolve("me/BJCA"), data,
                Optional::empty, Optional::empty, Clock.systemUTC());
        List<JournalEntry> journal = own.journal();
        assertThat(journal).hasSize(3).allSatisfy(e -> assertThat(e.restorable()).isTrue());

        // The user's own store refuses a db from another profile; the store for the entry's folder restores it.
        JournalEntry alice = o.get("alice").entry().orElseThrow();
        try {
            own.restore(alice.id());
            throw new AssertionError("restore outside the own BJCA folder must be refused");
        } catch (SoftkeyException e) {
            assertThat(e.reason()).isEqualTo(SoftkeyException.Reason.OUTSIDE_BJCA_FOLDER);
        }
        for (JournalEntry e : journal) {
            Path folder = ImagePreparation.bjcaFolderOf(e, List.of(SUB)).orElseThrow();
            new SoftkeyDb(folder.resolve(SoftkeyDb.FILE_NAME), folder, data, Optional::empty, Optional::empty,
                    Clock.systemUTC()).restore(e.id());
        }
        for (String user : List.of("alice", "bob")) {
            assertThat(Files.readAllBytes(db(home.resolve(user)))).as(user).isEqualTo(contents.get(user));
        }
        assertThat(Files.readAllBytes(db(skel))).isEqualTo(contents.get("skel"));
        assertThat(own.journal()).noneMatch(JournalEntry::restorable);
    }

    @Test
    void aRefusedMoveIsExitFiveAndTheOthersStillMove() throws Exception {
        Path mallory = home.resolve("mallory");
        Files.createDirectories(mallory.resolve(SUB));
        Path target = Files.writeString(tmp.resolve("elsewhere.db"), "not BJCA's");
        Files.createSymbolicLink(db(mallory), target);

        Report r = new ImagePreparation(SUB, data, Clock.systemUTC(), carolLocked()).run(profiles(), false);

        Outcome m = byName(r).get("mallory");
        assertThat(m.status()).isEqualTo(Status.REFUSED);
        assertThat(m.problem()).hasValueSatisfying(x -> assertThat(x).containsIgnoringCase("link"));
        assertThat(Files.isSymbolicLink(db(mallory))).isTrue();
        assertThat(Files.readString(target)).isEqualTo("not BJCA's");
        assertThat(r.count(Status.MOVED)).isEqualTo(3);
        assertThat(r.exitCode()).isEqualTo(5);
    }

    @Test
    void aRootThatCannotBeListedIsAProblemNotAFailure() {
        ImagePreparation.Access noListing = new ImagePreparation.Access() {
            @Override
            public List<Path> children(Path folder) throws IOException {
                throw new AccessDeniedException(folder.toString());
            }
        };
        Profiles p = ImagePreparation.fromRoots(List.of(home), List.of(skel), noListing);
        assertThat(p.profiles()).extracting(Profile::home).containsExactly(skel);
        assertThat(p.problems()).singleElement().satisfies(x -> assertThat(x).contains(home.toString(), "permission denied"));
    }

    @Test
    void windowsProfileListIsParsedExpandedDeduplicatedAndTheDefaultProfileAdded() {
        Map<String, Map<String, Object>> bySid = new LinkedHashMap<>();
        bySid.put("S-1-5-18", Map.of("ProfileImagePath", "%systemroot%\\system32\\config\\systemprofile"));
        bySid.put("S-1-5-21-1-1001", Map.of("ProfileImagePath", "C:\\Users\\nurse", "Flags", 0));
        bySid.put("S-1-5-21-1-1001.bak", Map.of("ProfileImagePath", "C:\\USERS\\NURSE"));
        bySid.put("S-1-5-21-1-1002", Map.of("Flags", 0));
        Map<String, String> env = Map.of("%systemroot%", "C:\\Windows", "%SystemDrive%", "C:");
        Profiles p = ImagePreparation.fromProfileList(bySid, Map.of(), s -> {
            String out = s;
            for (Map.Entry<String, String> e : env.entrySet()) {
                out = out.replace(e.getKey(), e.getValue());
            }
            return out;
        });

        assertThat(p.profiles()).extracting(x -> x.home().toString()).containsExactly(
                "C:\\Windows\\system32\\config\\systemprofile", "C:\\Users\\nurse", "C:\\Users\\Default");
        assertThat(p.profiles().get(1).name()).contains("S-1-5-21-1-1001");
        assertThat(p.profiles().get(2).name()).isEqualTo("Default");
        assertThat(p.problems()).singleElement().satisfies(x -> assertThat(x).contains("S-1-5-21-1-1002", "ProfileImagePath"));

        Profiles withDefault = ImagePreparation.fromProfileList(Map.of(), Map.of("Default", "D:\\Profiles\\Default"),
                s -> s);
        assertThat(withDefault.profiles()).extracting(x -> x.home().toString()).containsExactly("D:\\Profiles\\Default");
    }

    @Test
    void registryFailuresBecomeProblemsAndTheReadableProfilesStillCount() {
        RegistryReader fake = new RegistryReader() {
            @Override
            public Map<String, Object> values(String path) throws RegistryException {
                if (path.endsWith("S-1-5-21-9")) {
                    throw new RegistryException("HKLM\\" + path + ": access denied", null);
                }
                if (path.endsWith("S-1-5-21-1")) {
                    return Map.of("ProfileImagePath", "C:\\Users\\a");
                }
                return Map.of("Default", "%SystemDrive%\\Users\\Default");
            }

            @Override
            public List<String> subKeys(String path) {
                return List.of("S-1-5-21-1", "S-1-5-21-9");
            }

            @Override
            public String expand(String value) {
                return value.replace("%SystemDrive%", "C:");
            }
        };
        Profiles p = ImagePreparation.windowsProfiles(fake);
        assertThat(p.profiles()).extracting(x -> x.home().toString()).containsExactly("C:\\Users\\a", "C:\\Users\\Default");
        assertThat(p.problems()).singleElement().satisfies(x -> assertThat(x).contains("S-1-5-21-9", "access denied"));
    }

    @Test
    void onlyADbInsideSomeProfilesBjcaFolderGetsAFolderForRestore() {
        Path inProfile = db(home.resolve("alice"));
        assertThat(ImagePreparation.bjcaFolderOf(entry(inProfile.toString()), List.of(SUB)))
                .hasValue(inProfile.getParent().toAbsolutePath().normalize());
        assertThat(ImagePreparation.bjcaFolderOf(entry("/etc/passwd"), List.of(SUB))).isEmpty();
        assertThat(ImagePreparation.bjcaFolderOf(entry(tmp.resolve("x/bjca_softkey.db").toString()), List.of(SUB))).isEmpty();
        assertThat(ImagePreparation.bjcaFolderOf(entry(tmp.resolve(".local/share/BJCA/other.db").toString()), List.of(SUB)))
                .isEmpty();
        assertThat(ImagePreparation.bjcaFolderOf(entry(tmp.resolve("u/appdata/locallow/bjca/bjca_softkey.db").toString()),
                List.of(ImagePreparation.WINDOWS_BJCA_SUB_PATH))).as("NTFS names are case-insensitive").isPresent();
    }

    private static JournalEntry entry(String original) {
        return new JournalEntry("id", original, "/q/id/bjca_softkey.db", 1, Optional.empty(), Optional.empty(), "00",
                ImagePreparation.REASON, Instant.EPOCH, JournalEntry.MOVED, Optional.empty());
    }
}
