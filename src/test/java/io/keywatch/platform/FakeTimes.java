package io.keywatch.platform;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** Real attributes with chosen creation and modification times: JDKs on Linux cannot always read real ones. */
public record FakeTimes(BasicFileAttributes real, Instant created, Instant modified) implements BasicFileAttributes {

    /** Only the creation time differs from the real one. */
    public static FakeTimes createdAt(BasicFileAttributes real, Instant created) {
        return new FakeTimes(real, created, real.lastModifiedTime().toInstant());
    }

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(modified);
    }

    @Override
    public FileTime lastAccessTime() {
        return real.lastAccessTime();
    }

    @Override
    public FileTime creationTime() {
        return FileTime.from(created);
    }

    @Override
    public boolean isRegularFile() {
        return real.isRegularFile();
    }

    @Override
    public boolean isDirectory() {
        return real.isDirectory();
    }

    @Override
    public boolean isSymbolicLink() {
        return real.isSymbolicLink();
    }

    @Override
    public boolean isOther() {
        return real.isOther();
    }

    @Override
    public long size() {
        return real.size();
    }

    @Override
    public Object fileKey() {
        return real.fileKey();
    }
}
