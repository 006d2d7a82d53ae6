package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.KeyUser;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<SingleInstance> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(SingleInstance::close);
    }

    private SingleInstance acquire(Path d) throws IOException {
        SingleInstance s = SingleInstance.acquire(d).orElseThrow(() -> new AssertionError("not acquired: " + d));
        opened.add(s);
        return s;
    }

    @Test
    void theSecondStartFindsTheFirstAndItsShowRequestReachesIt() throws Exception {
        CountDownLatch shown = new CountDownLatch(1);
        SingleInstance first = acquire(dir);
        first.serve(InstanceChannelStatus.handler(SingleInstanceTest::status, shown::countDown));

        assertThat(SingleInstance.acquire(dir)).as("second start in the same data dir").isEmpty();
        assertThat(SingleInstance.handOver(dir, TIMEOUT)).isTrue();
        assertThat(shown.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void statusIsTheWatchdogSnapshotAsJson() throws Exception {
        acquire(dir).serve(InstanceChannelStatus.handler(SingleInstanceTest::status, () -> { }));
        String json = SingleInstance.query(dir, SingleInstance.STATUS, TIMEOUT).orElseThrow();
        Map<String, Object> m = JSON.std.mapFrom(json);
        assertThat(m).containsEntry("state", "FAILED").containsEntry("keyPresent", true)
                .containsEntry("user", "张三").containsEntry("check", "FAILED")
                .containsEntry("verdict", "CARRIED_OVER").containsEntry("bridge", "websocket")
                .containsEntry("checkedAt", "2024-03-01T08:00:00Z").containsEntry("since", "2024-03-01T08:00:05Z");
        assertThat(m).containsKeys("reason", "lastResetId");
    }

    @Test
    void statusBeforeAnyCheckHasNullFactsNotMissingKeys() throws Exception {
        WatchdogStatus waiting = new WatchdogStatus(WatchState.WAITING_FOR_KEY, false, Optional.empty(),
                Optional.empty(), Instant.parse("2024-03-01T08:00:00Z"));
        Map<String, Object> m = JSON.std.mapFrom(InstanceChannelStatus.toJson(waiting));
        assertThat(m).containsEntry("state", "WAITING_FOR_KEY").containsEntry("user", null)
                .containsEntry("check", null).containsEntry("verdict", null);
    }

    @Test
    void twoInstancesInSeparateDataDirsDoNotSeeEachOther(@TempDir Path other) throws Exception {
        acquire(dir).serve(r -> r.equals("status") ? "{\"who\":\"one\"}" : null);
        acquire(other).serve(r -> r.equals("status") ? "{\"who\":\"two\"}" : null);
        assertThat(SingleInstance.query(dir, "status", TIMEOUT)).contains("{\"who\":\"one\"}");
        assertThat(SingleInstance.query(other, "status", TIMEOUT)).contains("{\"who\":\"two\"}");
    }

    @Test
    void noInstanceMeansEmpty() throws Exception {
        assertThat(SingleInstance.query(dir, "status", TIMEOUT)).isEmpty();
        assertThat(SingleInstance.handOver(dir, Duration.ofMillis(300))).isFalse();
    }

    @Test
    void afterCloseTheNextStartBecomesTheInstance() throws Exception {
        SingleInstance first = SingleInstance.acquire(dir).orElseThrow();
        first.serve(r -> "ok");
        first.close();
        assertThat(Files.exists(dir.resolve(SingleInstance.INFO_FILE))).isFalse();
        assertThat(SingleInstance.query(dir, "show", TIMEOUT)).isEmpty();
        acquire(dir);
    }

    @Test
    void aStaleFileOfADeadProcessIsIgnoredAndReplaced() throws Exception {
        // A pid that is certainly gone: a process we started and waited for.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor(30, TimeUnit.SECONDS);
        Files.writeString(dir.resolve(SingleInstance.INFO_FILE),
                "{\"port\":1,\"token\":\"abc\",\"pid\":" + p.pid() + "}");
        assertThat(SingleInstance.query(dir, "status", TIMEOUT)).isEmpty();
        SingleInstance s = acquire(dir);
        s.serve(r -> "ok");
        assertThat(SingleInstance.query(dir, "show", TIMEOUT)).contains("ok");
    }

    @Test
    void aStaleFileWhosePortNobodyListensOnIsIgnored() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        // This very process is alive, but nothing listens on the port any more.
        Files.writeString(dir.resolve(SingleInstance.INFO_FILE), "{\"port\":" + freePort
                + ",\"token\":\"abc\",\"pid\":" + ProcessHandle.current().pid() + "}");
        assertThat(SingleInstance.query(dir, "status", TIMEOUT)).isEmpty();
    }

    @Test
    void aGarbageInstanceFileMeansNoInstance() throws Exception {
        for (String garbage : List.of("not json", "{\"port\":\"x\",\"token\":\"t\"}", "{\"port\":70000,\"token\":\"t\"}",
                "{\"port\":5000}", "[1,2]", "x".repeat(10_000))) {
            Files.writeString(dir.resolve(SingleInstance.INFO_FILE), garbage);
            assertThat(SingleInstance.query(dir, "status", TIMEOUT)).as(garbage).isEmpty();
        }
    }

    @Test
    void aWrongTokenIsRefusedAndTheHandlerNeverRuns() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SingleInstance s = acquire(dir);
        s.serve(r -> {
            calls.incrementAndGet();
            return "ok";
        });
        assertThat(rawExchange(s.port(), "wrong-token status\n")).isEqualTo("error: denied");
        assertThat(rawExchange(s.port(), "status\n")).isEqualTo("error: denied");
        assertThat(calls).hasValue(0);
        assertThat(SingleInstance.query(dir, "status", TIMEOUT)).as("still serves good requests").contains("ok");
    }

    @Test
    void anOversizedOrGarbageRequestIsCutOffAndTheServerKeepsServing() throws Exception {
        SingleInstance s = acquire(dir);
        s.serve(InstanceChannelStatus.handler(SingleInstanceTest::status, () -> { }));
        assertThat(rawExchange(s.port(), "x".repeat(100_000) + "\n")).startsWith("error: request longer than");
        byte[] binary = new byte[200];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 37);
        }
        assertThat(rawExchange(s.port(), new String(binary, StandardCharsets.ISO_8859_1) + "\n"))
                .isEqualTo("error: denied");
        assertThat(SingleInstance.query(dir, "status", TIMEOUT)).isPresent();
    }

    @Test
    void anUnknownRequestNamesWhatIsAccepted() throws Exception {
        acquire(dir).serve(InstanceChannelStatus.handler(SingleInstanceTest::status, () -> { }));
        assertThatThrownBy(() -> SingleInstance.query(dir, "reboot\u0007", TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown request 'reboot?'")
                .hasMessageContaining("accepted: show, status");
    }

    @Test
    void aSilentClientIsDroppedAfterTheReadTimeoutAndOthersAreServedAfterwards() throws Exception {
        SingleInstance s = acquire(dir);
        s.serve(r -> "ok");
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            silent.setSoTimeout(10_000);
            // The server gives up on us: it closes the connection without an answer.
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(SingleInstance.query(dir, "show", TIMEOUT)).contains("ok");
    }

    @Test
    void aHandlerThatThrowsGivesAnErrorReplyNotASilentHang() throws Exception {
        acquire(dir).serve(r -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> SingleInstance.query(dir, "status", TIMEOUT)).isInstanceOf(IOException.class)
                .hasMessageContaining("boom");
    }

    @Test
    void anInstanceThatDoesNotAnswerTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SingleInstance s = acquire(dir);
        s.serve(r -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        });
        try {
            assertThatThrownBy(() -> SingleInstance.query(dir, "status", Duration.ofMillis(300)))
                    .isInstanceOf(IOException.class).hasMessageContaining("did not answer");
        } finally {
            release.countDown();
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theInstanceFileIsReadableByItsOwnerOnly() throws Exception {
        acquire(dir).serve(r -> "ok");
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir.resolve(SingleInstance.INFO_FILE));
        assertThat(perms).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void theServerListensOnLoopbackOnly() throws Exception {
        SingleInstance s = acquire(dir);
        s.serve(r -> "ok");
        Map<String, Object> info = JSON.std.mapFrom(Files.readString(dir.resolve(SingleInstance.INFO_FILE)));
        assertThat(((Number) info.get("port")).intValue()).isEqualTo(s.port());
        assertThat((String) info.get("token")).hasSizeGreaterThanOrEqualTo(40);
        assertThat(((Number) info.get("pid")).longValue()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void theChannelOpensWithServeNotWithTheLock() throws Exception {
        SingleInstance s = acquire(dir);
        assertThat(dir.resolve(SingleInstance.INFO_FILE)).as("no channel before serve").doesNotExist();
        assertThat(SingleInstance.query(dir, "status", Duration.ofMillis(300))).isEmpty();
        assertThatThrownBy(s::port).isInstanceOf(IllegalStateException.class);

        s.serve(r -> "ok");

        assertThat(dir.resolve(SingleInstance.INFO_FILE)).exists();
        assertThat(SingleInstance.query(dir, "status", Duration.ofSeconds(5))).contains("ok");
        assertThatThrownBy(() -> s.serve(r -> "again")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecondStartWaitsForAnInstanceStillStarting() throws Exception {
        SingleInstance first = acquire(dir);
        CountDownLatch shown = new CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Boolean> handOver = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> SingleInstance.handOver(dir, Duration.ofSeconds(20)));

        first.serve(InstanceChannelStatus.handler(SingleInstanceTest::status, shown::countDown));

        assertThat(handOver.get(30, TimeUnit.SECONDS)).as("handed over once the channel opened").isTrue();
        assertThat(shown.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closingBeforeServingLeavesNoInstanceFileAndFreesTheLock() throws Exception {
        SingleInstance s = SingleInstance.acquire(dir).orElseThrow();
        s.close();
        assertThat(dir.resolve(SingleInstance.INFO_FILE)).doesNotExist();
        assertThatThrownBy(() -> s.serve(r -> "ok")).isInstanceOf(IllegalStateException.class);
        assertThat(SingleInstance.acquire(dir)).isPresent().get().satisfies(SingleInstance::close);
    }

    private static String rawExchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server may cut an oversized request off before we finished writing: read its answer anyway
            }
            InputStream in = s.getInputStream();
            String line = SingleInstance.readLine(in, 64 * 1024);
            return line == null ? "<closed>" : line;
        }
    }

    private static WatchdogStatus status() {
        Path db = Path.of("BJCA", "bjca_softkey.db");
        Diagnosis d = Diagnosis.of(new DbFacts(db, true, 10, Optional.of(Instant.parse("2023-11-15T10:00:00Z")),
                Optional.empty()), Optional.of(Instant.parse("2024-01-20T09:00:00Z")), Optional.empty());
        CheckResult r = new CheckResult(CheckStatus.FAILED, d, List.of(new KeyUser("张三", "UserKey/1")),
                Optional.of("3.2.1"), "websocket", Optional.empty(), Instant.parse("2024-03-01T08:00:00Z"));
        return new WatchdogStatus(WatchState.FAILED, true, Optional.of(r), Optional.empty(),
                Instant.parse("2024-03-01T08:00:05Z"));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX modes; on Windows the data folder inherits the profile's ACL")
    void theDataFolderIsCreatedPrivateAndAWideOneNarrowed() throws Exception {
        Path data = dir.resolve("share/keywatch");
        acquire(data).close();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");

        Path wide = Files.createDirectories(dir.resolve("wide"));
        Files.setPosixFilePermissions(wide, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        acquire(wide).close();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(wide)))
                .isEqualTo("rwx------");
    }
}
