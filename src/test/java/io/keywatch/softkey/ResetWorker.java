package io.keywatch.softkey;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A second process for {@link SoftkeyDbConcurrencyTest}: waits for "go" on stdin, then resets
 * {@code count} dbs of its own into the shared quarantine, printing one "moved <id>" line per reset.
 * Arguments: {@code reset dataDir baseDir prefix count}.
 * With {@code hold dataDir} it takes the quarantine lock, prints "holding" and keeps it until "release";
 * with {@code lock file} it does the same with an exclusive lock on that file (as BJCA might on its db).
 * With {@code crash-reset dataDir bjcaFolder step crossVolume} or {@code crash-restore dataDir bjcaFolder
 * step crossVolume id} (for {@link CrashRecoveryTest}) it resets the folder's db or restores the id, and
 * at the file operations' step named {@code step} prints "paused at STEP" and waits there to be killed;
 * {@code crossVolume} true makes every move a copy. Without reaching the step it prints "finished".
 */
public final class ResetWorker {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Path dataDir = Path.of(args[1]);
        if (args[0].equals("lock")) {
            try (FileChannel ch = FileChannel.open(Path.of(args[1]), StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                System.out.println("holding");
                System.out.flush();
                in.readLine();
            }
            System.exit(0);
        }
        if (args[0].equals("hold")) {
            new QuarantineJournal(dataDir.resolve(SoftkeyDb.QUARANTINE_FOLDER)).exclusively(() -> {
                System.out.println("holding");
                System.out.flush();
                return in.readLine();
            });
            System.exit(0);
        }
        if (args[0].startsWith("crash-")) {
            Path folder = Path.of(args[2]);
            SoftkeyDb store = new SoftkeyDb(folder.resolve(SoftkeyDb.FILE_NAME), folder, dataDir, Optional::empty,
                    Optional::empty, Clock.systemUTC(), pausingAt(args[3], Boolean.parseBoolean(args[4])));
            if (args[0].equals("crash-reset")) {
                store.reset("reset killed by a test");
            } else {
                store.restore(args[5]);
            }
            System.out.println("finished");
            System.out.flush();
            System.exit(0);
        }
        Path base = Path.of(args[2]);
        String prefix = args[3];
        int count = Integer.parseInt(args[4]);
        System.out.println("ready");
        System.out.flush();
        if (!"go".equals(in.readLine())) {
            System.exit(2);
        }
        for (int i = 0; i < count; i++) {
            Path folder = base.resolve(prefix + "-" + i).resolve("BJCA");
            Path db = folder.resolve(SoftkeyDb.FILE_NAME);
            TestFiles.writeDb(db, 4096 + i, Instant.parse("2023-11-15T09:30:00Z"));
            String id = new SoftkeyDb(db, folder, dataDir, Optional::empty, Optional::empty, Clock.systemUTC())
                    .reset("reset by " + prefix).id();
            System.out.println("moved " + id);
        }
        System.out.flush();
        System.exit(0);
    }

    /** Real file operations, all copies when {@code crossVolume}, that stop for good at {@code pauseAt}. */
    static FileOps pausingAt(String pauseAt, boolean crossVolume) {
        return new FileOps() {
            @Override
            public boolean sameStore(Path dirA, Path dirB) {
                return !crossVolume && FileOps.super.sameStore(dirA, dirB);
            }

            @Override
            public void step(String name) {
                if (!name.equals(pauseAt)) {
                    return;
                }
                System.out.println("paused at " + name);
                System.out.flush();
                CountDownLatch never = new CountDownLatch(1);
                while (true) {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        // keep waiting: only the kill ends this process
                    }
                }
            }
        };
    }
}
