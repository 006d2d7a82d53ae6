package io.keywatch.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code BjcaSimulator} as a standalone program for demos: start it, then type commands. */
@Command(name = "bjca-sim", mixinStandardHelpOptions = true,
        description = {"A BJCA certificate environment on 127.0.0.1 (WebSocket and HTTP synctl on one port,"
                + " optionally TLS on a second) with a virtual key.",
                "Commands on standard input: insert NAME SERIAL | add NAME SERIAL | remove | foreign | down | up"
                        + " | status | quit"})
final class SimulatorCommand implements Callable<Integer> {
    static final String FOREIGN_MACHINE = "IMAGE-BUILD-PC";

    @Option(names = "--port", description = "port of the WebSocket service and HTTP synctl "
            + "(default ${DEFAULT-VALUE}; 0 = any free port)")
    int port = 21051;

    @Option(names = "--tls-port", description = "also serve wss:// and https:// synctl on this port with a "
            + "certificate made at start (e.g. 21061; 0 = any free port; default: no TLS)")
    Integer tlsPort;

    @Option(names = "--reply-style", description = "WebSocket replies: ${COMPLETION-CANDIDATES} "
            + "(default ${DEFAULT-VALUE})")
    SimulatedService.ReplyStyle replyStyle = SimulatedService.ReplyStyle.RET_VALUE_STRINGS;

    @Option(names = "--synctl-style", description = "synctl replies: ${COMPLETION-CANDIDATES} "
            + "(default ${DEFAULT-VALUE})")
    SimulatedService.ReplyStyle synctlStyle = SimulatedService.ReplyStyle.RET_VALUE_TYPED;

    @Option(names = "--quirk", split = ",", description = "real-service quirks to play, repeatable or "
            + "comma-separated: ${COMPLETION-CANDIDATES}")
    java.util.List<SimulatedService.Quirk> quirks = new java.util.ArrayList<>();

    @Option(names = "--slow-first-ms", description = "how late the first answer is with SLOW_FIRST_ANSWER "
            + "(default ${DEFAULT-VALUE})")
    long slowFirstMillis = 1500;

    @Option(names = "--bjca-folder", description = "sandbox LocalLow\\BJCA folder holding bjca_softkey.db "
            + "(default: a new temporary folder)")
    Path bjcaFolder;

    @Option(names = "--machine-id", description = "this simulated PC's id (default: random)")
    String machineId;

    @Option(names = "--foreign-db", description = "before starting, write a bjca_softkey.db carried over from another machine")
    boolean foreignDb;

    @Option(names = "--foreign-db-created", description = "date of that carried-over db (default ${DEFAULT-VALUE})")
    LocalDate foreignDbCreated = LocalDate.of(2023, 11, 15);

    @Option(names = "--key", description = "start with a key inserted, as NAME:SERIAL")
    String key;

    @Option(names = "--rebuild", description = "who makes a fresh bjca_softkey.db once it is gone: COMPONENT "
            + "(on the next check, default) or ASSISTANT (only the stand-in certificate assistant)")
    DbRebuild rebuild = DbRebuild.COMPONENT;

    private final InputStream in;
    private final PrintStream out;

    SimulatorCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    static int run(String[] args, InputStream in, PrintStream out) {
        return new CommandLine(new SimulatorCommand(in, out)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Path folder = bjcaFolder != null ? bjcaFolder : Files.createTempDirectory("keywatch-bjca-sim");
        if (foreignDb) {
            BjcaSimulator.writeForeignDb(folder, FOREIGN_MACHINE, foreignCreated());
        }
        try (BjcaSimulator sim = machineId == null ? new BjcaSimulator(folder) : new BjcaSimulator(folder, machineId)) {
            sim.rebuild(rebuild);
            if (tlsPort != null) {
                sim.tls(tlsPort);
            }
            sim.service().webSocketStyle(replyStyle);
            sim.service().synctlStyle(synctlStyle);
            sim.service().quirks(quirks.isEmpty() ? java.util.EnumSet.noneOf(SimulatedService.Quirk.class)
                    : java.util.EnumSet.copyOf(quirks));
            sim.service().slowFirstAnswer(java.time.Duration.ofMillis(slowFirstMillis));
            sim.start(port);
            if (key != null) {
                String[] parts = key.split(":", 2);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--key must be NAME:SERIAL, e.g. 张三:5303201812001784, not '" + key + "'");
                }
                sim.insertKey(parts[0], parts[1]);
            }
            out.println("BJCA simulator (machine " + sim.machineId() + ")");
            out.println("  WebSocket: " + sim.webSocketUrl());
            out.println("  synctl:    " + sim.synctlUrl());
            if (tlsPort != null) {
                out.println("  TLS:       " + sim.secureWebSocketUrl() + " and " + sim.secureSynctlUrl());
            }
            out.println("  replies:   " + replyStyle + " (synctl " + synctlStyle + "), quirks " + quirks);
            out.println("  db:        " + sim.dbFile());
            if (rebuild == DbRebuild.ASSISTANT) {
                out.println("  assistant: " + SimulatedAssistant.command(folder, sim.machineId(), "auto"));
            }
            out.println("Type: insert NAME SERIAL | add NAME SERIAL | remove | foreign | down | up | status | quit");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!command(sim, line.trim())) {
                    return 0;
                }
            }
            // Standard input closed (started in the background): serve until the process is stopped.
            Thread.currentThread().join();
        }
        return 0;
    }

    private Instant foreignCreated() {
        return foreignDbCreated.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** @return false to quit */
    private boolean command(BjcaSimulator sim, String line) throws IOException {
        String[] words = line.split("\\s+");
        switch (words[0]) {
            case "" -> {
                return true;
            }
            case "insert" -> {
                if (words.length != 3) {
                    out.println("usage: insert NAME SERIAL");
                } else {
                    sim.insertKey(words[1], words[2]);
                    out.println("key inserted: " + words[1] + " / " + words[2]);
                }
            }
            case "add" -> {
                if (words.length != 3) {
                    out.println("usage: add NAME SERIAL");
                } else {
                    sim.addKey(words[1], words[2]);
                    out.println("key added: " + words[1] + " / " + words[2]);
                }
            }
            case "remove" -> {
                sim.removeKey();
                out.println("key removed");
            }
            case "foreign" -> {
                BjcaSimulator.writeForeignDb(sim.bjcaFolder(), FOREIGN_MACHINE, foreignCreated());
                out.println("carried-over db written: " + sim.dbFile());
            }
            case "down" -> {
                sim.stopListening();
                out.println("service down");
            }
            case "up" -> {
                sim.startListening();
                out.println("service up");
            }
            case "status" -> out.println("db " + (Files.exists(sim.dbFile()) ? "present" : "absent")
                    + ", CheckSoftDeviceEnv calls: " + sim.checkCalls());
            case "quit", "exit" -> {
                return false;
            }
            default -> out.println("unknown command '" + words[0]
                    + "'; accepted: insert NAME SERIAL | add NAME SERIAL | remove | foreign | down | up | status | quit");
        }
        return true;
    }
}
