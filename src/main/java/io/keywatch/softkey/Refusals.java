package io.keywatch.softkey;

import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Turns I/O failures into refusals a caller can act on, in words a reader understands. */
final class Refusals {
    /** Words Windows (English and Chinese) and Linux use for a file another program holds open or locked. */
    private static final List<String> LOCK_WORDS = List.of("another process", "being used", "locked",
            "resource busy", "正在使用", "已锁定");

    private Refusals() {
    }

    static SoftkeyException refusal(IOException e, Path p) {
        if (e instanceof NoSuchFileException) {
            return new SoftkeyException(Reason.NOT_FOUND, p + " does not exist", e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new SoftkeyException(Reason.ALREADY_EXISTS, p + " already exists", e);
        }
        if (isLockViolation(e)) {
            return new SoftkeyException(Reason.LOCKED, p + " is in use by another program (BJCA or the nursing "
                    + "app); close it and try again. Nothing was changed. (" + describe(e) + ")", e);
        }
        return new SoftkeyException(Reason.IO, describe(e), e);
    }

    /**
     * Windows reports a sharing or lock violation as a plain {@link FileSystemException} with the
     * system's (possibly Chinese) text and no error code; permissions and missing files have their own
     * subclasses.
     */
    static boolean isLockViolation(IOException e) {
        if (!(e instanceof FileSystemException) || e instanceof AccessDeniedException
                || e.getClass() != FileSystemException.class) {
            return false;
        }
        String reason = String.valueOf(((FileSystemException) e).getReason()).toLowerCase(Locale.ROOT);
        return LOCK_WORDS.stream().anyMatch(reason::contains);
    }

    static String describe(Exception e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
