package io.keywatch.tray;

import io.keywatch.core.CheckResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a notification goes and which checks deserve one: a balloon while the icon is in a tray, a
 * console line otherwise; every check result is announced at most once (a key arrival, "check now"
 * and the repair offer can all bring the same result). No AWT here: the tray is behind two functions.
 * Event dispatch thread only.
 */
final class Notices {
    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);

    private final TrayTexts texts;
    private final ConsoleNotifier console;
    private final BooleanSupplier inTray;
    private final Consumer<Balloon> balloon;
    private final List<Consumer<TrayApp.Shown>> listeners = new CopyOnWriteArrayList<>();
    /** The check whose result was last announced, so one result never gets two balloons. */
    private CheckResult announced;

    /**
     * @param inTray  whether a balloon can be shown now
     * @param balloon shows one in the tray; only called while {@code inTray} says so
     */
    Notices(TrayTexts texts, ConsoleNotifier console, BooleanSupplier inTray, Consumer<Balloon> balloon) {
        this.texts = texts;
        this.console = console;
        this.inTray = inTray;
        this.balloon = balloon;
    }

    /** Called with every notification shown (any thread may add; called on the event thread). */
    void addListener(Consumer<TrayApp.Shown> listener) {
        listeners.add(listener);
    }

    /** In the tray when there is one, else on the console; then every listener hears of it. */
    void show(Balloon b) {
        boolean shownInTray = inTray.getAsBoolean();
        if (shownInTray) {
            LOG.info("balloon: {} — {}", b.title(), b.text());
            balloon.accept(b);
        } else {
            console.show(b);
        }
        TrayApp.Shown shown = new TrayApp.Shown(b, shownInTray);
        for (Consumer<TrayApp.Shown> l : listeners) {
            try {
                l.accept(shown);
            } catch (RuntimeException e) {
                LOG.warn("notification listener failed", e);
            }
        }
    }

    /** A check's result, once: with the tray's words ("click here") or the console's ("keywatch reset"). */
    void announce(CheckResult r) {
        if (announced == r) {
            return;
        }
        announced = r;
        show(inTray.getAsBoolean() ? texts.forCheck(r) : texts.forCheckOnConsole(r));
        BenchMarks.announced(r);
    }

    /**
     * The watchdog offers a repair for {@code failed}: true when it can be asked in the tray (the
     * result is announced there); false without a tray, where the console hears of it once instead.
     */
    boolean offered(CheckResult failed) {
        if (inTray.getAsBoolean()) {
            announce(failed);
            return true;
        }
        if (announced != failed) {
            announced = failed;
            show(texts.forCheckOnConsole(failed));
        }
        return false;
    }

    /** A repair's re-check is announced by the repair's own balloon, not a second time as a check. */
    void repaired(CheckResult recheck) {
        announced = recheck;
    }
}
