package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.SessionEvents.State;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The Windows adapter's portable parts: it reports on itself, off Windows its start fails safe and says why. */
class WindowsSessionEventsTest {

    @Test
    void beforeStartItIsNotStartedAndTouchesNothingNative() {
        WindowsSessionEvents events = new WindowsSessionEvents();
        assertThat(events.status().state()).isEqualTo(State.NOT_STARTED);
        assertThat(events.status().problem()).isEmpty();
        events.close(); // never started: nothing to stop
        assertThat(events.status().state()).isEqualTo(State.NOT_STARTED);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void offWindowsStartFailsAndTheStatusSaysWhyEvenAfterClose() {
        WindowsSessionEvents events = new WindowsSessionEvents();
        AtomicInteger heard = new AtomicInteger();
        assertThat(events.start(c -> heard.incrementAndGet())).isFalse();
        assertThat(events.status().state()).isEqualTo(State.FAILED);
        assertThat(events.status().problem().orElseThrow()).as("the native library that is missing")
                .containsIgnoringCase("user32");
        assertThat(events.threadAlive()).isFalse();
        events.close();
        assertThat(events.status().state()).as("the failure stays the report").isEqualTo(State.FAILED);
        assertThat(heard).hasValue(0);
    }
}
