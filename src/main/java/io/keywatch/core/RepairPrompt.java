package io.keywatch.core;

import java.util.concurrent.CompletionStage;

/**
 * Port: asks the person at the PC whether to reset the softkey db (tray dialog, console question).
 * Called on the watchdog thread; must return at once and complete the stage later.
 */
public interface RepairPrompt {
    CompletionStage<RepairChoice> offerRepair(CheckResult failed);
}
