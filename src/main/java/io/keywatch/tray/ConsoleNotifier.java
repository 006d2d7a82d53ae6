package io.keywatch.tray;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Without a tray, the same texts go to the console and the log, so nothing is lost. */
public final class ConsoleNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleNotifier.class);
    private final PrintStream out;

    public ConsoleNotifier(PrintStream out) {
        this.out = out;
    }

    public void show(Balloon b) {
        String line = format(b);
        out.println(line);
        out.flush();
        // INFO: the log file records it; the console already shows the line (a WARN would print it twice).
        LOG.info("{}", line);
    }

    /** {@code KeyWatch [WARNING] title: text}; INFO has no tag. */
    static String format(Balloon b) {
        String tag = b.kind() == Balloon.Kind.INFO ? "" : " [" + b.kind() + "]";
        return "KeyWatch" + tag + " " + b.title() + (b.text().isEmpty() ? "" : ": " + b.text());
    }
}
