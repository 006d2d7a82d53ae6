package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.assistant.AssistantLocator;
import io.keywatch.doctor.checks.SoftkeyDbCheck;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code softkey.db} after a reset whose re-check still fails (no db, BJCA says false): nothing is
 * left to move, so the advice is BJCA's certificate assistant, where it was found or why none was.
 */
class SoftkeyDbAssistantTest {
    static final String AIDE = "C:\\Program Files (x86)\\BJCA\\BjcaCertAide\\CertAide.exe";
    static final AssistantLocator.Found FOUND = new AssistantLocator.Found(List.of(AIDE),
            "C:\\Program Files (x86)\\BJCA\\BjcaCertAide");
    static final AssistantLocator.Missing MISSING = new AssistantLocator.Missing("assistant.missing.noFolder",
            List.of("C:\\BJCA\\BjcaCertAide"));

    /** A reset happened (the db is in the quarantine) and BJCA has not made a new one. */
    private static Fixture notRebuilt() {
        Fixture f = new Fixture();
        f.store.dbPresent = false;
        f.xtx.envOk = false;
        return f;
    }

    @Test
    void aFoundAssistantIsNamedWithItsPathAndTheCommandThatStartsItInEnglish() {
        Fixture f = notRebuilt();
        f.assistant = () -> FOUND;
        DoctorReport r = f.runAll();
        CheckOutcome db = r.cause().orElseThrow();
        assertThat(db.id()).isEqualTo(SoftkeyDbCheck.ID);
        assertThat(db.status()).isEqualTo(CheckState.FAIL);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(db.summary()).isEqualTo("BJCA has not rebuilt its soft-certificate environment: CheckSoftDeviceEnv"
                + " = false and bjca_softkey.db does not exist (after a reset there is nothing left to move aside).");
        assertThat(db.forUser()).contains("BJCA has not rebuilt its certificate environment yet")
                .contains("start BJCA's certificate assistant (证书助手), " + AIDE)
                .contains("keywatch reset --assistant").doesNotContain("Click Repair");
        assertThat(db.repair()).as("a reset has nothing to move: no repair button").isEmpty();
        assertThat(db.details()).containsEntry("variant", "notRebuilt").containsEntry("assistantFound", true)
                .containsEntry("assistant", AIDE).containsEntry("assistantFrom", FOUND.from())
                .containsEntry("checkSoftDeviceEnv", false).containsEntry("verdict", "MISSING")
                .doesNotContainKey("assistantMissing");
        assertThat(f.context().action(db)).as("the JSON's action").isEqualTo(db.forUser());
    }

    @Test
    void aFoundAssistantIsNamedInChineseToo() {
        Fixture f = notRebuilt().zh();
        f.assistant = () -> FOUND;
        CheckOutcome db = f.run(new SoftkeyDbCheck());
        assertThat(db.summary()).startsWith("BJCA 还没有重建软证书环境").contains("bjca_softkey.db 不存在");
        assertThat(db.forUser()).contains("BJCA 还没有重建证书环境").contains("下一步：启动 BJCA 证书助手（" + AIDE + "）")
                .contains("keywatch reset --assistant");
    }

    @Test
    void noAssistantFoundSaysWhyAndWhatToDoAndNamesNoCommandInEnglish() {
        Fixture f = notRebuilt();
        f.assistant = () -> MISSING;
        CheckOutcome db = f.run(new SoftkeyDbCheck());
        assertThat(db.status()).isEqualTo(CheckState.FAIL);
        assertThat(db.forUser()).contains("BJCA has not rebuilt")
                .contains("BJCA's certificate assistant folder C:\\BJCA\\BjcaCertAide does not exist.")
                .contains("Ask IT to start BJCA's certificate assistant").contains("bjca.assistantCommand")
                .doesNotContain("keywatch reset --assistant");
        assertThat(db.repair()).isEmpty();
        assertThat(db.details()).containsEntry("assistantFound", false)
                .containsEntry("assistantMissing", "assistant.missing.noFolder").doesNotContainKey("assistant");
    }

    @Test
    void noAssistantFoundSaysWhyInChineseToo() {
        Fixture f = notRebuilt().zh();
        f.assistant = () -> MISSING;
        CheckOutcome db = f.run(new SoftkeyDbCheck());
        assertThat(db.forUser()).contains("BJCA 证书助手的文件夹 C:\\BJCA\\BjcaCertAide 不存在。")
                .contains("请联系信息科以管理员身份启动 BJCA 证书助手").doesNotContain("keywatch reset --assistant");
    }

    @Test
    void withoutAWayToLookTheAdviceStillSaysToHaveTheAssistantRun() {
        Fixture f = notRebuilt();
        CheckOutcome db = f.run(new SoftkeyDbCheck());
        assertThat(db.forUser()).contains("BJCA has not rebuilt").contains("Ask IT to start BJCA's certificate assistant");
        assertThat(db.details()).doesNotContainKeys("assistantFound", "assistant", "assistantMissing");
        assertThat(db.repair()).isEmpty();
    }

    @Test
    void aLookUpThatThrowsKeepsTheCheckAndSaysWhy() {
        Fixture f = notRebuilt();
        f.assistant = () -> {
            throw new IllegalStateException("registry gone");
        };
        CheckOutcome db = f.run(new SoftkeyDbCheck());
        assertThat(db.status()).isEqualTo(CheckState.FAIL);
        assertThat(db.forUser()).contains("Ask IT");
        assertThat(db.details()).containsEntry("assistantProblem", "registry gone");
    }

    @Test
    void theAssistantIsLookedForOnlyWhenBjcaHasNotRebuiltAndOncePerRun() {
        AtomicInteger lookups = new AtomicInteger();
        Fixture healthy = new Fixture();
        healthy.assistant = () -> {
            lookups.incrementAndGet();
            return FOUND;
        };
        assertThat(healthy.run(new SoftkeyDbCheck()).status()).isEqualTo(CheckState.OK);
        assertThat(lookups).as("a healthy PC lists no folder").hasValue(0);

        Fixture carriedOver = new Fixture();
        carriedOver.store.dbPresent = true;
        carriedOver.xtx.envOk = false;
        carriedOver.assistant = healthy.assistant;
        CheckOutcome db = carriedOver.run(new SoftkeyDbCheck());
        assertThat(db.repair()).as("a db to move: the usual repair").contains(Repair.SOFTKEY_RESET);
        assertThat(db.forUser()).contains("Click Repair");
        assertThat(lookups).hasValue(0);

        Fixture after = notRebuilt();
        after.assistant = healthy.assistant;
        DoctorContext ctx = after.context();
        new SoftkeyDbCheck().run(ctx);
        new SoftkeyDbCheck().run(ctx);
        assertThat(lookups).as("once per run").hasValue(1);
    }

    @Test
    void bjcaNotAnsweringIsSkippedWithoutLookingForTheAssistant() {
        Fixture f = notRebuilt();
        f.xtx.failure = new io.keywatch.core.XtxException(io.keywatch.core.XtxException.Kind.UNAVAILABLE, "refused");
        f.assistant = () -> {
            throw new AssertionError("not asked");
        };
        assertThat(f.run(new SoftkeyDbCheck()).status()).isEqualTo(CheckState.SKIPPED);
    }
}
