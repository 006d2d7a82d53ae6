package io.keywatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up configuration in code instead of a logback.xml: reading XML loads the Joran/SAX
 * machinery (some 600 classes, a quarter of a second before the tray icon, megabytes of metaspace for
 * as long as the tray runs). Same result as the old file: the console is stderr, warnings and up
 * (so {@code check --json} prints clean JSON on stdout), {@code keywatch.console.level=DEBUG} (the
 * {@code -v} option) opens it up; the tray and the demo add a rolling file ({@link Logging#toFile}).
 * {@code -Dlogback.configurationFile=FILE} (support) and a {@code logback-test.xml} on the class path
 * (the tests') still win.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null
                || LogbackSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // an explicit file (support, tests) wins
        }
        apply(ctx, System.getProperty("keywatch.console.level"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The configuration itself; {@code configured} is the console level asked for ({@code -v}: DEBUG), or null. */
    static void apply(LoggerContext ctx, String configured) {
        Level console = Level.toLevel(configured, Level.WARN);
        Level ours = Level.toLevel(configured, Level.INFO);

        LayoutWrappingEncoder<ILoggingEvent> encoder = Logging.encoder(ctx, LogLine.console());
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(console.levelStr);
        threshold.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(ctx);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.addFilter(threshold);
        stderr.start();

        ctx.getLogger("org.java_websocket").setLevel(Level.WARN);
        ctx.getLogger("io.keywatch").setLevel(ours);
        // Fleet events (check, reset, restore) are always recorded; syslog is attached at run time (fleet.FleetEvents).
        ctx.getLogger("keywatch.events").setLevel(Level.INFO);
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
    }
}
