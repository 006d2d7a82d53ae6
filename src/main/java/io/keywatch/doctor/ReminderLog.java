package io.keywatch.doctor;

import io.keywatch.files.PrivateFolders;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each certificate's expiry reminder was last shown, so the nurse hears it at most once a day
 * per certificate, across tray restarts (a shared ward PC sees many logins a day). A small
 * properties file in KeyWatch's data folder; when it cannot be read or written the log still works
 * for this process (in memory), and the failure is logged once.
 */
public final class ReminderLog {
    private static final Logger LOG = LoggerFactory.getLogger(ReminderLog.class);
    public static final String FILE_NAME = "reminders.properties";

    private final Optional<Path> file;
    private final Properties shown = new Properties();
    private boolean warned;

    private ReminderLog(Optional<Path> file) {
        this.file = file;
        file.filter(Files::isRegularFile).ifPresent(f -> {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                shown.load(r);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("reminder log {} unreadable, starting afresh: {}", f, e.toString());
            }
        });
    }

    public static ReminderLog inFolder(Path dataDir) {
        return new ReminderLog(Optional.of(dataDir.resolve(FILE_NAME)));
    }

    public static ReminderLog inMemory() {
        return new ReminderLog(Optional.empty());
    }

    /** True (and remembered) the first time {@code key} asks on {@code today}; false after that on that day. */
    public synchronized boolean firstToday(String key, LocalDate today) {
        String day = today.toString();
        if (day.equals(shown.getProperty(key))) {
            return false;
        }
        shown.setProperty(key, day);
        save();
        return true;
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        Path f = file.get();
        try {
            PrivateFolders.create(f.getParent()); // KeyWatch's data folder
            Path tmp = f.resolveSibling(FILE_NAME + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                shown.store(w, "KeyWatch: the day each certificate's expiry reminder was last shown");
            }
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("cannot write the reminder log {} (reminders may repeat after a restart): {}", f, e.toString());
            }
        }
    }
}
