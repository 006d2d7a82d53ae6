package io.keywatch.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.keywatch.files.PrivateFolders;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Logging set-up: {@link LogbackSetup} gives the console (stderr, warnings only, so stdout stays clean for
 * scripts); long-running modes add a rolling file in the data folder. No secrets are ever logged:
 * KeyWatch never handles PINs and logs cert ids only at debug level.
 */
public final class Logging {
    public static final String LOG_FILE = "keywatch.log";

    private Logging() {
    }

    /** Must run before the first logger is created: {@link LogbackSetup} reads the property once. */
    public static void consoleLevel(boolean verbose) {
        if (verbose) {
            System.setProperty("keywatch.console.level", "DEBUG");
        }
    }

    /**
     * Adds {@code <logDir>/keywatch.log}, rolled daily and at 5 MB, 14 files, 50 MB in all. {@code logDir}
     * is {@code <dataDir>/logs}: both are made private first (Logback would make them with the default
     * mode); where that fails there is no log file, and the console says why.
     */
    public static void toFile(Path logDir) {
        Path dir = logDir.toAbsolutePath();
        try {
            PrivateFolders.createTree(dir.getParent() == null ? dir : dir.getParent(), dir);
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(Logging.class).warn("no log file: cannot create the log folder {}: {}", dir,
                    e.toString());
            return;
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        LayoutWrappingEncoder<ILoggingEvent> enc = encoder(ctx, LogLine.file());

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName("FILE");
        file.setFile(logDir.resolve(LOG_FILE).toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(ctx);
        policy.setParent(file);
        policy.setFileNamePattern(logDir.resolve("keywatch-%d{yyyy-MM-dd}.%i.log").toString());
        policy.setMaxFileSize(FileSize.valueOf("5MB"));
        policy.setMaxHistory(14);
        policy.setTotalSizeCap(FileSize.valueOf("50MB"));
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(enc);
        file.start();

        root().addAppender(file);
    }

    /** A started encoder writing {@code layout}'s lines in the platform charset, as before. */
    static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext ctx, LogLine layout) {
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
        enc.setContext(ctx);
        enc.setLayout(layout);
        enc.start();
        return enc;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
