package io.keywatch.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's stand-in for BJCA's {@code bjca_softkey.db}. BJCA's real layout is not public; this
 * one only has to reproduce the incident: a db is bound to the machine that created it. Layout:
 * {@code "BJCA-SOFTKEY-SIM\nmachine=<id>\ncreated=<ISO instant>\n"} followed by opaque bytes.
 */
final class SimulatedSoftkeyDb {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSoftkeyDb.class);
    static final String MAGIC = "BJCA-SOFTKEY-SIM";
    private static final int HEADER_LIMIT = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SimulatedSoftkeyDb() {
    }

    /** What BJCA's {@code CheckSoftDeviceEnv} concludes from the db. */
    record Outcome(boolean ok, String problem) {
    }

    /**
     * Absent: create a fresh db for this machine (true). Written by this machine: true. Written by
     * another machine or unreadable: false, with the reason.
     */
    static Outcome check(Path file, String machineId) {
        return check(file, machineId, DbRebuild.COMPONENT);
    }

    /**
     * As {@link #check(Path, String)}, except that under {@link DbRebuild#ASSISTANT} a missing db stays
     * missing and the answer is false until the assistant has written a fresh one.
     */
    static Outcome check(Path file, String machineId, DbRebuild rebuild) {
        String owner;
        try {
            owner = readMachineId(file);
        } catch (NoSuchFileException e) {
            if (rebuild == DbRebuild.ASSISTANT) {
                return new Outcome(false, "cannot load " + file.getFileName()
                        + ": the environment is not set up; run the certificate assistant (证书助手)");
            }
            try {
                write(file, machineId, Instant.now());
                LOG.info("simulator created a fresh {} for machine {}", file, machineId);
                return new Outcome(true, "");
            } catch (IOException ex) {
                return new Outcome(false, "cannot create " + file.getFileName() + ": " + ex.getMessage());
            }
        } catch (IOException e) {
            return new Outcome(false, "cannot load " + file.getFileName() + ": " + e.getMessage());
        }
        if (owner == null) {
            return new Outcome(false, "cannot load " + file.getFileName() + ": unknown format");
        }
        if (!owner.equals(machineId)) {
            return new Outcome(false, "cannot load " + file.getFileName() + ": it was created on another machine ("
                    + owner + ")");
        }
        return new Outcome(true, "");
    }

    /** The machine id in the header, or null when the file is not in this format. */
    static String readMachineId(Path file) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(HEADER_LIMIT);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", 3);
        if (lines.length < 3 || !lines[0].equals(MAGIC) || !lines[1].startsWith("machine=")) {
            return null;
        }
        String id = new String(lines[1].substring("machine=".length()).getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);
        return id.isEmpty() ? null : id;
    }

    /** The creation time written in the header, or empty when the file is missing or not in this format. */
    static java.util.Optional<Instant> readCreated(Path file) {
        try (var in = Files.newInputStream(file)) {
            String[] lines = new String(in.readNBytes(HEADER_LIMIT), StandardCharsets.ISO_8859_1).split("\n", 4);
            if (lines.length < 4 || !lines[0].equals(MAGIC) || !lines[2].startsWith("created=")) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(Instant.parse(lines[2].substring("created=".length())));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Writes a db as machine {@code machineId} would have on {@code created}; replaces any existing file. */
    static void write(Path file, String machineId, Instant created) throws IOException {
        requireMachineId(machineId);
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        byte[] header = (MAGIC + "\nmachine=" + machineId + "\ncreated=" + created + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[256];
        RANDOM.nextBytes(body);
        byte[] all = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        Files.write(file, all, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        FileTime time = FileTime.from(created);
        Files.setLastModifiedTime(file, time);
        try {
            // Windows keeps creation times; most Linux file systems ignore this, which is fine for a demo.
            Files.setAttribute(file, "basic:creationTime", time);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            LOG.debug("cannot set the creation time of {}: {}", file, e.getMessage());
        }
    }

    static String requireMachineId(String machineId) {
        if (machineId == null || machineId.isBlank() || machineId.contains("\n") || machineId.contains("\r")) {
            throw new IllegalArgumentException("simulator machine id must be one non-blank line, not '" + machineId + "'");
        }
        return machineId;
    }
}
