package io.keywatch.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Host facts outside Windows: the Windows-only ones are "not applicable"; the owner of a port comes
 * from {@code /proc/net/tcp{,6}} (listening sockets and their inodes) and {@code /proc/PID/fd} (which
 * process holds that socket). Processes of other users cannot be looked into: then the port is named
 * as taken by an unknown process (pid -1).
 */
public final class ProcHostFacts implements HostFacts {
    private final Path proc;

    public ProcHostFacts() {
        this(Path.of("/proc"));
    }

    ProcHostFacts(Path proc) {
        this.proc = proc;
    }

    @Override
    public Fact<BjcaInstall> bjcaInstall() {
        return Fact.notApplicable();
    }

    @Override
    public Fact<ComRegistration> bjcaComRegistration() {
        return Fact.notApplicable();
    }

    @Override
    public Fact<ServiceStart> serviceStart(String service) {
        return Fact.notApplicable();
    }

    @Override
    public Fact<Boolean> remoteSession() {
        return Fact.notApplicable();
    }

    @Override
    public Fact<Boolean> eventLogSourceRegistered() {
        return Fact.notApplicable();
    }

    @Override
    public Fact<List<PortOwner>> portOwners(int port) {
        if (!Files.isDirectory(proc.resolve("net"))) {
            return Fact.notApplicable();
        }
        Set<Long> inodes = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                inodes.addAll(listeningInodes(Files.readString(proc.resolve("net").resolve(table),
                        StandardCharsets.US_ASCII), port));
            } catch (IOException e) {
                // tcp6 is absent without IPv6: the other table still answers
            }
        }
        if (inodes.isEmpty()) {
            return Fact.of(List.of());
        }
        List<PortOwner> owners = new ArrayList<>();
        Set<Long> found = new HashSet<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pidDir : pids) {
                if (holdsAny(pidDir, inodes, found)) {
                    owners.add(new PortOwner(Long.parseLong(pidDir.getFileName().toString()), command(pidDir)));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Fact.unknown("cannot list processes: " + e.getMessage());
        }
        if (found.size() < inodes.size() && owners.isEmpty()) {
            owners.add(new PortOwner(-1, "?"));
        }
        return Fact.of(List.copyOf(owners));
    }

    /**
     * The inodes of sockets in state LISTEN (0A) on {@code port}, from the text of {@code /proc/net/tcp}
     * (header line, then {@code sl local_address rem_address st ... inode}, addresses as
     * {@code HEXADDR:HEXPORT}). Lines that do not parse are skipped.
     */
    static Set<Long> listeningInodes(String table, int port) {
        Set<Long> inodes = new HashSet<>();
        String[] lines = table.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            try {
                if (colon < 0 || Integer.parseInt(f[1].substring(colon + 1), 16) != port || !"0A".equals(f[3])) {
                    continue;
                }
                inodes.add(Long.parseLong(f[9]));
            } catch (NumberFormatException e) {
                // a damaged line names nothing
            }
        }
        return inodes;
    }

    private static boolean holdsAny(Path pidDir, Set<Long> inodes, Set<Long> found) {
        boolean holds = false;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pidDir.resolve("fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    continue;
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    try {
                        long inode = Long.parseLong(target.substring(8, target.length() - 1));
                        if (inodes.contains(inode)) {
                            found.add(inode);
                            holds = true;
                        }
                    } catch (NumberFormatException e) {
                        // not a socket we can name
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // another user's process, or it just ended
        }
        return holds;
    }

    private static String command(Path pidDir) {
        try {
            return Files.readString(pidDir.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
