package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.CheckResult;
import io.keywatch.core.RepairChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TrayRepairPromptTest {

    @Test
    void theAnswerCompletesTheOpenOfferOnce() {
        TrayRepairPrompt p = new TrayRepairPrompt();
        CompletableFuture<RepairChoice> f = p.offerRepair(TrayFixtures.failed()).toCompletableFuture();
        assertThat(f).isNotDone();
        assertThat(p.pending()).isPresent();
        assertThat(p.answer(RepairChoice.REPAIR_AND_LAUNCH)).isTrue();
        assertThat(f).isCompletedWithValue(RepairChoice.REPAIR_AND_LAUNCH);
        assertThat(p.pending()).isEmpty();
        assertThat(p.answer(RepairChoice.REPAIR)).as("nothing left to answer").isFalse();
    }

    @Test
    void aNewOfferCancelsTheUnansweredOne() {
        TrayRepairPrompt p = new TrayRepairPrompt();
        CheckResult first = TrayFixtures.failed();
        CheckResult second = TrayFixtures.failed();
        CompletableFuture<RepairChoice> a = p.offerRepair(first).toCompletableFuture();
        CompletableFuture<RepairChoice> b = p.offerRepair(second).toCompletableFuture();
        assertThat(a).isCompletedWithValue(RepairChoice.CANCEL);
        assertThat(b).isNotDone();
        assertThat(p.pending()).containsSame(second);
        p.cancelPending();
        assertThat(b).isCompletedWithValue(RepairChoice.CANCEL);
    }

    @Test
    void everyOfferIsReportedToTheTray() {
        TrayRepairPrompt p = new TrayRepairPrompt();
        List<CheckResult> seen = new ArrayList<>();
        p.onOffer(seen::add);
        CheckResult failed = TrayFixtures.failed();
        p.offerRepair(failed);
        assertThat(seen).containsExactly(failed);
    }
}
