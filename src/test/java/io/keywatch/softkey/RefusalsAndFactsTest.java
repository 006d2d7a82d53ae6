package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words {@link Refusals} gives each I/O failure, and {@link FileFacts}' verdicts and digests. */
class RefusalsAndFactsTest {
    private static final Path DB = Path.of("/p/BJCA/bjca_softkey.db");

    @TempDir
    Path dir;

    @Test
    void eachFailureGetsItsReasonAndNamesThePath() {
        SoftkeyException missing = Refusals.refusal(new NoSuchFileException("x"), DB);
        assertThat(missing.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(missing).hasMessage("/p/BJCA/bjca_softkey.db does not exist").hasCauseInstanceOf(NoSuchFileException.class);
        SoftkeyException exists = Refusals.refusal(new FileAlreadyExistsException("x"), DB);
        assertThat(exists.reason()).isEqualTo(Reason.ALREADY_EXISTS);
        assertThat(exists).hasMessage("/p/BJCA/bjca_softkey.db already exists");
        SoftkeyException locked = Refusals.refusal(new FileSystemException("C:/db", null, "being used by another process"), DB);
        assertThat(locked.reason()).isEqualTo(Reason.LOCKED);
        assertThat(locked).hasMessage("/p/BJCA/bjca_softkey.db is in use by another program (BJCA or the nursing app); "
                + "close it and try again. Nothing was changed. (C:/db: being used by another process)");
        SoftkeyException denied = Refusals.refusal(new AccessDeniedException("/q"), DB);
        assertThat(denied.reason()).isEqualTo(Reason.IO);
        assertThat(denied).hasMessage("permission denied: /q");
        SoftkeyException full = Refusals.refusal(new IOException("No space left on device"), DB);
        assertThat(full.reason()).isEqualTo(Reason.IO);
        assertThat(full).hasMessage("No space left on device");
    }

    @Test
    void describeFallsBackToTheMessageThenTheClassName() {
        assertThat(Refusals.describe(new FileSystemException("/a", "/b", "Read-only file system")))
                .isEqualTo("/a: Read-only file system");
        assertThat(Refusals.describe(new FileSystemException("/a"))).isEqualTo("/a");
        assertThat(Refusals.describe(new IOException())).isEqualTo("IOException");
        assertThat(Refusals.describe(new IllegalStateException("odd"))).isEqualTo("odd");
    }

    @Test
    void onlyAPlainFileSystemExceptionWithLockWordsIsALock() {
        assertThat(Refusals.isLockViolation(new FileSystemException("a", null, "Device or RESOURCE BUSY"))).isTrue();
        assertThat(Refusals.isLockViolation(new FileSystemException("a", null, "文件正在使用"))).isTrue();
        assertThat(Refusals.isLockViolation(new FileSystemException("a"))).isFalse();
        assertThat(Refusals.isLockViolation(new NoSuchFileException("a", null, "locked"))).isFalse();
        assertThat(Refusals.isLockViolation(new FileAlreadyExistsException("a", null, "locked"))).isFalse();
    }

    private static BasicFileAttributes attrs(boolean link, boolean dir, boolean regular, boolean other) {
        return new BasicFileAttributes() {
            public FileTime lastModifiedTime() { return FileTime.fromMillis(0); }
            public FileTime lastAccessTime() { return FileTime.fromMillis(0); }
            public FileTime creationTime() { return FileTime.fromMillis(0); }
            public boolean isRegularFile() { return regular; }
            public boolean isDirectory() { return dir; }
            public boolean isSymbolicLink() { return link; }
            public boolean isOther() { return other; }
            public long size() { return 0; }
            public Object fileKey() { return null; }
        };
    }

    @Test
    void whatIsNotAPlainFile() {
        assertThat(FileFacts.notRegularFile(DB, attrs(false, false, true, false))).isEmpty();
        assertThat(FileFacts.notRegularFile(DB, attrs(true, false, false, false)))
                .contains("/p/BJCA/bjca_softkey.db is a symbolic link");
        assertThat(FileFacts.notRegularFile(DB, attrs(false, true, false, true)))
                .contains("/p/BJCA/bjca_softkey.db is a junction or other reparse point");
        assertThat(FileFacts.notRegularFile(DB, attrs(false, true, false, false)))
                .contains("/p/BJCA/bjca_softkey.db is a directory, not a file");
        assertThat(FileFacts.notRegularFile(DB, attrs(false, false, false, true)))
                .contains("/p/BJCA/bjca_softkey.db is not a regular file (device, pipe or socket)");
    }

    @Test
    void whatIsNotAPlainFolder() {
        Path bjca = DB.getParent();
        assertThat(FileFacts.notPlainDirectory(bjca, attrs(false, true, false, false))).isEmpty();
        assertThat(FileFacts.notPlainDirectory(bjca, attrs(true, false, false, false))).contains("/p/BJCA is a symbolic link");
        assertThat(FileFacts.notPlainDirectory(bjca, attrs(false, true, false, true)))
                .contains("/p/BJCA is a junction or other reparse point");
        assertThat(FileFacts.notPlainDirectory(bjca, attrs(false, false, true, false))).contains("/p/BJCA is not a directory");
        assertThat(FileFacts.isReparsePoint(bjca, attrs(false, false, false, true))).isFalse();
        assertThat(FileFacts.isReparsePoint(bjca, attrs(false, true, false, false))).isFalse();
        assertThat(FileFacts.REPARSE_POINT).isEqualTo(0x400);
    }

    private Path file(byte[] content) throws IOException {
        Path p = dir.resolve("f" + content.length);
        Files.write(p, content);
        return p;
    }

    @Test
    void theDigestCoversEveryByteAcrossBufferBoundariesAndTheCopyIsIdentical() throws Exception {
        assertDigest(new byte[0]);
        assertDigest("abc".getBytes(StandardCharsets.US_ASCII));
        for (int n : new int[] {64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 3 * 64 * 1024 + 7}) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (i * 31 + i / 7);
            }
            assertDigest(b);
        }
        try (FileChannel in = FileChannel.open(file("abc".getBytes(StandardCharsets.US_ASCII)), StandardOpenOption.READ)) {
            assertThat(FileFacts.sha256(in, Optional.empty()).sha256())
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }
    }

    private void assertDigest(byte[] content) throws Exception {
        String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (FileChannel in = FileChannel.open(file(content), StandardOpenOption.READ)) {
            FileFacts.Digest d = FileFacts.sha256(in, Optional.of(Channels.newChannel(copy)));
            assertThat(d).isEqualTo(new FileFacts.Digest(expected, content.length));
        }
        assertThat(Arrays.equals(copy.toByteArray(), content)).as("copy of %d bytes", content.length).isTrue();
        try (FileChannel in = FileChannel.open(file(content), StandardOpenOption.READ)) {
            assertThat(FileFacts.sha256(in, Optional.empty())).isEqualTo(new FileFacts.Digest(expected, content.length));
        }
    }
}
