package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LogLineTest {
    private static final String NL = System.lineSeparator();
    private final LoggerContext ctx = new LoggerContext();
    private final Logger logger = ctx.getLogger("io.keywatch.bjca.WebSocketXtxClient");

    private LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, args);
        e.setTimeStamp(LocalDateTime.of(2026, 11, 27, 9, 5, 7, 42_000_000).toInstant(ZoneOffset.UTC).toEpochMilli());
        e.setThreadName("keywatch-watchdog");
        return e;
    }

    @Test
    void theConsoleLineIsLevelLoggerAndMessage() {
        String line = LogLine.console().doLayout(event(Level.WARN, "BJCA at {} lost: {}", null, "ws://x", "EOF"));
        assertThat(line).isEqualTo("WARN  i.k.b.WebSocketXtxClient - BJCA at ws://x lost: EOF" + NL);
    }

    @Test
    void theFileLineCarriesTheLocalTimeAndTheThread() {
        String line = LogLine.file(ZoneId.of("Asia/Shanghai")).doLayout(event(Level.INFO, "connected", null));
        assertThat(line).isEqualTo(
                "2026-11-27 17:05:07.042 INFO  [keywatch-watchdog] i.k.b.WebSocketXtxClient - connected" + NL);
    }

    @Test
    void aThrowableFollowsWithItsStackTrace() {
        String line = LogLine.file(ZoneOffset.UTC).doLayout(
                event(Level.ERROR, "reset failed", new IllegalStateException("disk gone")));
        assertThat(line).startsWith("2026-11-27 09:05:07.042 ERROR [keywatch-watchdog] ")
                .contains("reset failed" + NL + "java.lang.IllegalStateException: disk gone")
                .contains("at io.keywatch.cli.LogLineTest")
                .endsWith(NL);
    }

    @Test
    void aShortLoggerNameStaysWhole() {
        Logger events = ctx.getLogger("keywatch.events");
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), events, Level.DEBUG, "x", null, null);
        assertThat(LogLine.console().doLayout(e)).isEqualTo("DEBUG keywatch.events - x" + NL);
    }
}
