package io.keywatch.core;

/** The user's answer to "repair the certificate environment?". */
public enum RepairChoice { REPAIR_AND_LAUNCH, REPAIR, CANCEL }
