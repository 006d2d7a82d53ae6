package io.keywatch.cli;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * KeyWatch's two log line formats, written out instead of given to Logback's {@code PatternLayout}:
 * the pattern parser and its converter table load some 120 classes into the tray process, which
 * lives all day, for two fixed formats. The lines are what these patterns gave:
 * <ul>
 *   <li>{@link #console()}: {@code %-5level %logger{20} - %msg%n}</li>
 *   <li>{@link #file()}: {@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n}</li>
 * </ul>
 * each followed by the stack trace when the event carries one.
 */
final class LogLine extends LayoutBase<ILoggingEvent> {
    private final TargetLengthBasedClassNameAbbreviator abbreviator;
    /** The file's time stamps; null for the console, which has none (and need not load the time zone rules at start). */
    private final DateTimeFormatter timestamp;

    private LogLine(int loggerLength, DateTimeFormatter timestamp) {
        this.abbreviator = new TargetLengthBasedClassNameAbbreviator(loggerLength);
        this.timestamp = timestamp;
    }

    /** For the console: level, logger, message. */
    static LogLine console() {
        return new LogLine(20, null);
    }

    /** For the log file: local time to the millisecond, level, thread, logger, message. */
    static LogLine file() {
        return file(ZoneId.systemDefault());
    }

    static LogLine file(ZoneId zone) {
        return new LogLine(24, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(zone));
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        if (timestamp != null) {
            timestamp.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
            line.append(' ');
        }
        String level = event.getLevel().toString();
        line.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ');
        if (timestamp != null) {
            line.append('[').append(event.getThreadName()).append("] ");
        }
        line.append(abbreviator.abbreviate(event.getLoggerName())).append(" - ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }
}
