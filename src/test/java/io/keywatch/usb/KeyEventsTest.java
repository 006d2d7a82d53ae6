package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.KeyPresence;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class KeyEventsTest {

    /** A source the test drives by hand; records its lifecycle into a shared log. */
    static class RecordingSource implements KeySource {
        final String name;
        final List<String> log;
        volatile KeySink sink;

        RecordingSource(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(KeySink sink) throws Exception {
            this.sink = sink;
            log.add("start " + name);
        }

        void emit(KeyPresence p) {
            sink.keyEvent(p, name);
        }

        @Override
        public void close() {
            log.add("close " + name);
        }
    }

    static final class FailingSource extends RecordingSource {
        private final Throwable failure;

        FailingSource(String name, List<String> log, Throwable failure) {
            super(name, log);
            this.failure = failure;
        }

        @Override
        public void start(KeySink sink) throws Exception {
            log.add("start " + name);
            if (failure instanceof Exception e) {
                throw e;
            }
            throw (Error) failure;
        }
    }

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    @Test
    void forwardsEverySourceUnchangedAndInOrder() {
        RecordingSource usb = new RecordingSource("usb", log);
        RecordingSource bjca = new RecordingSource("bjca", log);
        try (KeyEvents events = new KeyEvents((p, s) -> forwarded.add(p + "/" + s), List.of(usb, bjca))) {
            events.start();
            usb.emit(KeyPresence.PRESENT);
            bjca.emit(KeyPresence.UNKNOWN);
            usb.emit(KeyPresence.ABSENT);
            usb.emit(KeyPresence.ABSENT);
        }
        // No debounce here: the watchdog owns it.
        assertThat(forwarded).containsExactly("PRESENT/usb", "UNKNOWN/bjca", "ABSENT/usb", "ABSENT/usb");
    }

    @Test
    void startsInOrderAndClosesInReverse() {
        try (KeyEvents events = new KeyEvents((p, s) -> { },
                List.of(new RecordingSource("a", log), new RecordingSource("b", log), new RecordingSource("c", log)))) {
            events.start();
            assertThat(events.runningSources()).containsExactly("a", "b", "c");
        }
        assertThat(log).containsExactly("start a", "start b", "start c", "close c", "close b", "close a");
    }

    @Test
    void aFailingSourceIsSkippedAndTheOthersRun() {
        RecordingSource good = new RecordingSource("good", log);
        try (KeyEvents events = new KeyEvents((p, s) -> forwarded.add(s), List.of(
                new FailingSource("broken", log, new IllegalStateException("no device notifications")),
                new FailingSource("native", log, new UnsatisfiedLinkError("libusb4java.so not found")),
                good))) {
            events.start();
            assertThat(events.runningSources()).containsExactly("good");
            good.emit(KeyPresence.PRESENT);
        }
        assertThat(forwarded).containsExactly("good");
        // Failed sources are closed right away to release whatever they grabbed, and only once.
        assertThat(log).containsExactly("start broken", "close broken", "start native", "close native",
                "start good", "close good");
    }

    @Test
    void aTargetThatThrowsNeverReachesTheSourceThread() {
        RecordingSource usb = new RecordingSource("usb", log);
        try (KeyEvents events = new KeyEvents((p, s) -> {
            throw new java.util.concurrent.RejectedExecutionException("watchdog stopped");
        }, List.of(usb))) {
            events.start();
            usb.emit(KeyPresence.PRESENT);
            usb.emit(KeyPresence.ABSENT);
        }
        assertThat(log).containsExactly("start usb", "close usb");
    }

    @Test
    void aSourceThatFailsToCloseDoesNotStopTheOthersClosing() {
        RecordingSource bad = new RecordingSource("bad", log) {
            @Override
            public void close() {
                log.add("close bad");
                throw new IllegalStateException("handle already gone");
            }
        };
        KeyEvents events = new KeyEvents((p, s) -> { }, List.of(new RecordingSource("a", log), bad));
        events.start();
        events.close();
        events.close(); // idempotent
        assertThat(log).containsExactly("start a", "start bad", "close bad", "close a");
    }

    @Test
    void startsOnlyOnce() {
        KeyEvents events = new KeyEvents((p, s) -> { }, List.of());
        events.start();
        assertThatThrownBy(events::start).isInstanceOf(IllegalStateException.class);
        events.close();
    }
}
