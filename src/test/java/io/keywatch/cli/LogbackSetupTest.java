package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class LogbackSetupTest {

    @Test
    void consoleIsStderrWarningsOnlyAndOurLoggersInfo() {
        LoggerContext ctx = new LoggerContext();
        LogbackSetup.apply(ctx, null);
        ConsoleAppender<ILoggingEvent> stderr = stderr(ctx);
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(stderr.isStarted()).isTrue();
        assertThat(ctx.getLogger("io.keywatch").getLevel()).isEqualTo(Level.INFO);
        assertThat(ctx.getLogger("org.java_websocket").getLevel()).isEqualTo(Level.WARN);
        assertThat(passes(stderr, ctx, Level.INFO)).as("info stays off the console").isFalse();
        assertThat(passes(stderr, ctx, Level.WARN)).isTrue();
    }

    @Test
    void verboseOpensTheConsoleToDebug() {
        LoggerContext ctx = new LoggerContext();
        LogbackSetup.apply(ctx, "DEBUG");
        assertThat(ctx.getLogger("io.keywatch").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(passes(stderr(ctx), ctx, Level.DEBUG)).isTrue();
    }

    @Test
    void theTestsOwnLogbackFileWins() {
        LogbackSetup setup = new LogbackSetup();
        LoggerContext ctx = new LoggerContext();
        setup.setContext(ctx);
        assertThat(setup.configure(ctx)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext ctx) {
        return (ConsoleAppender<ILoggingEvent>) ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    }

    private static boolean passes(ConsoleAppender<ILoggingEvent> appender, LoggerContext ctx, Level level) {
        ch.qos.logback.classic.spi.LoggingEvent e = new ch.qos.logback.classic.spi.LoggingEvent(
                "x", ctx.getLogger("io.keywatch.Test"), level, "m", null, null);
        return appender.getFilterChainDecision(e) != FilterReply.DENY;
    }
}
