package io.keywatch.platform;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Attributes whose creation time is known from elsewhere: a sandbox (the demo, the tray tests) that
 * plays NTFS on a Linux file system, where a file's creation time cannot be set.
 * {@link GenericPlatform#creationTime(BasicFileAttributes)} trusts it as it is.
 */
public record KnownCreationTime(BasicFileAttributes real, Instant created) implements BasicFileAttributes {
    @Override
    public FileTime lastModifiedTime() {
        return real.lastModifiedTime();
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
