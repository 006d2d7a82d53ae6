package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which launcher the autostart entry names: pure path logic, so it runs on any OS. */
class SelfCommandTest {

    @Test
    void theConsoleLauncherRegistersTheWindowlessOneBesideIt() {
        assertThat(SelfCommand.trayLauncher("C:\\Users\\nurse\\AppData\\Local\\Programs\\KeyWatch\\keywatch-cli.exe"))
                .isEqualTo("C:\\Users\\nurse\\AppData\\Local\\Programs\\KeyWatch\\KeyWatch.exe");
    }

    @Test
    void theWindowlessLauncherRegistersItself() {
        assertThat(SelfCommand.trayLauncher("C:\\Program Files\\KeyWatch\\KeyWatch.exe"))
                .isEqualTo("C:\\Program Files\\KeyWatch\\KeyWatch.exe");
    }

    @Test
    void upperCaseNamesNonAsciiFoldersAndForwardSlashesKeepTheFolder() {
        assertThat(SelfCommand.trayLauncher("C:\\Users\\护士\\AppData\\Local\\Programs\\KeyWatch\\KEYWATCH-CLI.EXE"))
                .isEqualTo("C:\\Users\\护士\\AppData\\Local\\Programs\\KeyWatch\\KeyWatch.exe");
        assertThat(SelfCommand.trayLauncher("C:/KeyWatch/keywatch-cli.exe")).isEqualTo("C:/KeyWatch/KeyWatch.exe");
        assertThat(SelfCommand.trayLauncher("\\\\server\\apps\\KeyWatch\\keywatch-cli.exe"))
                .isEqualTo("\\\\server\\apps\\KeyWatch\\KeyWatch.exe");
    }

    @Test
    void aBareExeNameStaysBare() {
        assertThat(SelfCommand.trayLauncher("keywatch-cli.exe")).isEqualTo("KeyWatch.exe");
    }

    @Test
    void theLinuxShellLauncherIsKept() {
        assertThat(SelfCommand.trayLauncher("/opt/keywatch/bin/keywatch")).isEqualTo("/opt/keywatch/bin/keywatch");
    }

    @Test
    void thePackagedCommandIsTheTrayLauncherPlusTray() {
        String before = System.getProperty("jpackage.app-path");
        try {
            System.setProperty("jpackage.app-path", "D:\\KeyWatch\\keywatch-cli.exe");
            assertThat(SelfCommand.tray()).containsExactly("D:\\KeyWatch\\KeyWatch.exe", "tray");
        } finally {
            if (before == null) {
                System.clearProperty("jpackage.app-path");
            } else {
                System.setProperty("jpackage.app-path", before);
            }
        }
    }
}
