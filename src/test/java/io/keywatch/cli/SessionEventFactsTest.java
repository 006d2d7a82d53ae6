package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.SessionEvents;
import io.keywatch.core.SessionEvents.State;
import io.keywatch.core.SessionEvents.Status;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** keywatch.self's view of the resume/unlock source: name, state, problem, and a boolean only once started. */
class SessionEventFactsTest {

    private static SessionEvents reporting(Status status) {
        return new SessionEvents() {
            @Override
            public String name() {
                return "windows-session";
            }

            @Override
            public Status status() {
                return status;
            }

            @Override
            public boolean start(Consumer<Change> listener) {
                return false;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aRunningSourceCountsAsAWorkingIntegration() {
        assertThat(DoctorSetup.sessionEventFacts(reporting(Status.of(State.RUNNING)))).containsExactly(
                Map.entry("sessionEvents", "windows-session"), Map.entry("sessionEventsState", "RUNNING"),
                Map.entry("sessionEventsRunning", true));
    }

    @Test
    void runningWithoutUnlockSaysWhatIsMissing() {
        Map<String, Object> m = DoctorSetup.sessionEventFacts(reporting(Status.of(State.RUNNING,
                "unlock not noticed: WTSRegisterSessionNotification failed, error 1722; resume still noticed")));
        assertThat(m).containsEntry("sessionEventsRunning", true)
                .containsEntry("sessionEventsProblem",
                        "unlock not noticed: WTSRegisterSessionNotification failed, error 1722; resume still noticed");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"FAILED", "STOPPED"})
    void aStartedSourceThatDoesNotRunIsAFalseWithItsReason(State state) {
        Map<String, Object> m = DoctorSetup.sessionEventFacts(reporting(Status.of(state, "CreateWindowEx failed, error 5")));
        assertThat(m).containsEntry("sessionEventsState", state.name()).containsEntry("sessionEventsRunning", false)
                .containsEntry("sessionEventsProblem", "CreateWindowEx failed, error 5");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"NOT_STARTED", "NOT_ON_THIS_PLATFORM"})
    void aSourceNotStartedHereOrNotOnThisPlatformIsNoFailedIntegration(State state) {
        Map<String, Object> m = DoctorSetup.sessionEventFacts(reporting(Status.of(state)));
        assertThat(m).containsEntry("sessionEventsState", state.name()).doesNotContainKeys("sessionEventsRunning",
                "sessionEventsProblem");
    }

    @Test
    void linuxHasNone() {
        assertThat(DoctorSetup.sessionEventFacts(SessionEvents.none())).containsExactly(
                Map.entry("sessionEvents", "none"), Map.entry("sessionEventsState", "NOT_ON_THIS_PLATFORM"));
    }
}
