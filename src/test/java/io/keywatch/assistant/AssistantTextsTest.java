package io.keywatch.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.CheckStatus;
import io.keywatch.core.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AssistantTextsTest {
    static final AssistantLocator.Found FOUND = new AssistantLocator.Found(List.of("C:\\BJCA\\BjcaCertAide\\Aide.exe"), "x");
    final Messages en = Messages.of(Locale.ENGLISH, ZoneOffset.UTC);
    final Messages zh = Messages.of(Locale.SIMPLIFIED_CHINESE, ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(AssistantPath.Kind.class)
    void everyOutcomeIsOneFilledSentenceInBothLanguages(AssistantPath.Kind kind) {
        AssistantPath.Outcome o = new AssistantPath.Outcome(kind, Optional.of(AssistantPath.Trigger.DB_APPEARED),
                Optional.empty(), Optional.of(new AssistantLocator.Missing("assistant.missing.noExe", List.of("C:\\A"))),
                "error 5", Optional.of(FOUND.command()));
        for (Messages m : List.of(en, zh)) {
            String text = AssistantTexts.outcome(m, o, Duration.ofMinutes(10));
            assertThat(text).doesNotContain("!assistant").doesNotContain("{0}").isNotBlank();
        }
        assertThat(AssistantTexts.outcome(en, new AssistantPath.Outcome(AssistantPath.Kind.TIMED_OUT, Optional.empty(),
                Optional.empty(), Optional.empty(), "", Optional.empty()), Duration.ofMinutes(10))).contains("within 10 minutes");
    }

    @Test
    void theDoctorsAdviceNamesTheAssistantOnlyWhenBjcaHasNotRebuilt() throws Exception {
        Path db = tmp.resolve("bjca_softkey.db");
        assertThat(AssistantTexts.doctorAdvice(en, AssistantPathTest.result(CheckStatus.FAILED, db), FOUND)).hasValueSatisfying(
                a -> assertThat(a).contains("BJCA has not rebuilt").contains(FOUND.program()).contains("keywatch reset --assistant"));
        assertThat(AssistantTexts.doctorAdvice(en, AssistantPathTest.result(CheckStatus.OK, db), FOUND)).isEmpty();
        assertThat(AssistantTexts.doctorAdvice(en, AssistantPathTest.result(CheckStatus.UNAVAILABLE, db), FOUND)).isEmpty();
        Files.writeString(db, "x");
        assertThat(AssistantTexts.doctorAdvice(en, AssistantPathTest.result(CheckStatus.FAILED, db), FOUND)).isEmpty();
    }

    @Test
    void theDoctorsAdviceWithoutAnAssistantSaysWhyAndNamesNoCommandToStartIt() {
        AssistantLocator.Missing none = new AssistantLocator.Missing("assistant.missing.noFolder",
                List.of("C:\\BJCA\\BjcaCertAide"));
        String a = AssistantTexts.doctorAdvice(en, AssistantPathTest.result(CheckStatus.FAILED, tmp.resolve("x.db")), none)
                .orElseThrow();
        assertThat(a).contains("BJCA has not rebuilt").contains("C:\\BJCA\\BjcaCertAide does not exist")
                .contains("Ask IT").doesNotContain("keywatch reset --assistant");
    }

    @Test
    void everyMissingReasonHasWordsAndSaysWhatToDo() {
        for (String key : List.of("noInstall", "noFolder", "unreadable", "noExe", "ambiguous", "notExe", "configuredNotFound")) {
            for (Messages m : List.of(en, zh)) {
                String text = AssistantTexts.missing(m, new AssistantLocator.Missing("assistant.missing." + key, List.of("A", "B")));
                assertThat(text).doesNotStartWith("!").contains("bjca.assistantCommand").doesNotContain("{");
            }
        }
    }
}
