package io.keywatch.platform;

import io.keywatch.core.AssistantStarter;

/** The way to start BJCA's assistant on this platform: the shell's "run as administrator" on Windows. */
public final class AssistantStarters {
    private AssistantStarters() {
    }

    public static AssistantStarter forPlatform(Platform platform) {
        return "windows".equals(platform.name()) ? new WindowsShellElevation() : new PlainAssistantStarter(false);
    }
}
