package io.keywatch.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The installer's tables as written in packaging/windows (WiX source and the build script): what
 * Windows Installer will do on upgrade, downgrade and uninstall, checked on any OS. Only a Windows
 * runner can confirm the built MSI behaves so (test-msi.ps1 and the workflow's jobs).
 */
class WindowsInstallerSourcesTest {
    private static final Path ROOT = Path.of("");
    private static final String WIX = "http://schemas.microsoft.com/wix/2006/wi";

    private static Document mainWxs() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(ROOT.resolve("packaging/windows/resources/main.wxs").toFile());
    }

    private static List<Element> all(Document d, String tag) {
        NodeList nodes = d.getElementsByTagNameNS(WIX, tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static Element byAttr(Document d, String tag, String attr, String value) {
        return all(d, tag).stream().filter(e -> value.equals(e.getAttribute(attr))).findFirst()
                .orElseThrow(() -> new AssertionError("no <" + tag + " " + attr + "=\"" + value + "\">"));
    }

    @Test
    void downgradesAreRefusedWhateverJpackageDefines() throws Exception {
        Document d = mainWxs();
        Element down = byAttr(d, "UpgradeVersion", "Property", "JP_DOWNGRADABLE_FOUND");
        assertThat(down.getAttribute("OnlyDetect")).as("detect only: never removes the newer product").isEqualTo("yes");
        assertThat(down.getAttribute("Minimum")).isEqualTo("$(var.JpAppVersion)");
        assertThat(down.getAttribute("IncludeMinimum")).as("the same version is no downgrade").isEqualTo("no");
        Element up = byAttr(d, "UpgradeVersion", "Property", "JP_UPGRADABLE_FOUND");
        assertThat(up.getAttribute("OnlyDetect")).isEqualTo("no");
        assertThat(up.getAttribute("IncludeMaximum")).isEqualTo("no");
        assertThat(byAttr(d, "CustomAction", "Id", "JpDisallowDowngrade").getAttribute("Error")).contains("newer version");
        assertThat(byAttr(d, "Custom", "Action", "JpDisallowDowngrade").getTextContent()).isEqualTo("JP_DOWNGRADABLE_FOUND");
        // Nothing about downgrades may depend on jpackage's -dJpAllowDowngrades=yes.
        assertThat(Files.readString(ROOT.resolve("packaging/windows/resources/main.wxs")))
                .doesNotContain("ifdef JpAllowDowngrades").doesNotContain("ifndef JpAllowDowngrades")
                .doesNotContain("JpUpgradeVersionOnlyDetect");
    }

    @Test
    void aRealUninstallRemovesTheRunValueAndAnUpgradeDoesNot() throws Exception {
        Document d = mainWxs();
        Element ca = byAttr(d, "CustomAction", "Id", "KeyWatchRemoveRunValue");
        assertThat(ca.getAttribute("ExeCommand")).contains("reg.exe").contains(" delete ")
                .contains("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run").contains("/v KeyWatch /f");
        assertThat(ca.getAttribute("Impersonate")).as("the uninstalling user's HKCU").isEqualTo("yes");
        assertThat(ca.getAttribute("Execute")).isEqualTo("deferred");
        assertThat(ca.getAttribute("Return")).as("an absent value is no failure").isEqualTo("ignore");
        assertThat(byAttr(d, "Custom", "Action", "KeyWatchRemoveRunValue").getTextContent())
                .isEqualTo("REMOVE=\"ALL\" AND NOT UPGRADINGPRODUCTCODE");
    }

    @Test
    void anUpgradeWritesTheRunValueOnlyIfTheUserKeptIt() throws Exception {
        Document d = mainWxs();
        Element search = all(d, "RegistrySearch").get(0);
        assertThat(((Element) search.getParentNode()).getAttribute("Id")).isEqualTo("KEYWATCH_RUN_FOUND");
        assertThat(search.getAttribute("Root")).isEqualTo("HKCU");
        assertThat(search.getAttribute("Key")).isEqualTo("Software\\Microsoft\\Windows\\CurrentVersion\\Run");
        assertThat(search.getAttribute("Name")).isEqualTo("KeyWatch");
        Element component = byAttr(d, "Component", "Id", "KeyWatchRunAtLogin");
        assertThat(component.getElementsByTagNameNS(WIX, "Condition").item(0).getTextContent())
                .isEqualTo("KEYWATCH_AUTOSTART = \"1\" AND (NOT JP_UPGRADABLE_FOUND OR KEYWATCH_RUN_FOUND)");
    }

    @Test
    void theCdsCustomActionIsBoundedByTheRecorder() throws Exception {
        Document d = mainWxs();
        String cmd = byAttr(d, "CustomAction", "Id", "KeyWatchRecordAppCds").getAttribute("ExeCommand");
        // WindowsCdsRecorder SECONDS JAVA JSA JAR MAIN_CLASS [JVM_OPTION...]
        assertThat(cmd).containsPattern("io\\.keywatch\\.platform\\.WindowsCdsRecorder \\$\\(var\\.KeyWatchCdsSeconds\\)"
                + " \"\\[INSTALLDIR\\]runtime\\\\bin\\\\javaw\\.exe\" \"\\[INSTALLDIR\\]app\\\\keywatch\\.jsa\""
                + " \"\\[INSTALLDIR\\]app\\\\keywatch\\.jar\" \\$\\(var\\.KeyWatchMainClass\\) \\$\\(var\\.KeyWatchJvmOptions\\)");
        assertThat(cmd).doesNotContain("ArchiveClassesAtExit");
        assertThat(Class.forName("io.keywatch.platform.WindowsCdsRecorder").getMethod("main", String[].class)).isNotNull();
        assertThat(Files.readString(ROOT.resolve("packaging/windows/build-msi.ps1"))).contains("KeyWatchCdsSeconds");
    }

    @Test
    void onlyKeyWatchGetsShortcuts() throws Exception {
        List<String> props = Files.readAllLines(ROOT.resolve("packaging/windows/keywatch-cli.properties"));
        assertThat(props).contains("win-console=true", "win-shortcut=false", "win-menu=false");
        String ps1 = Files.readString(ROOT.resolve("packaging/windows/build-msi.ps1"));
        assertThat(ps1).contains("DELETE FROM ``Shortcut``").contains("-match 'keywatch-cli'")
                .contains("-ne 'KeyWatch') { Fail");
        assertThat(Files.readString(ROOT.resolve("packaging/windows/test-msi.ps1"))).contains("'KeyWatch.lnk,KeyWatch.lnk'");
    }

    @Test
    void nativeLibrariesShipInTheAppFolderAndJnaIsPointedAtThem() throws Exception {
        String ps1 = Files.readString(ROOT.resolve("packaging/windows/build-msi.ps1"));
        assertThat(ps1).contains("'com/sun/jna/win32-x86-64/jnidispatch.dll'")
                .contains("'-Djna.boot.library.path=$APPDIR\\native', '-Djna.nosys=true', '-Djna.noclasspath=true'");
        String launcher = Files.readString(ROOT.resolve("packaging/linux/launcher.sh"));
        assertThat(launcher).contains("-Djna.boot.library.path=\"$lib/app/native\" -Djna.nosys=true -Djna.noclasspath=true")
                .as("jar first: the AppCDS archive's class path stays a prefix")
                .contains("-cp \"$lib/app/keywatch.jar:$lib/app/native\"");
        String build = Files.readString(ROOT.resolve("packaging/build-app-image.sh"));
        assertThat(build).contains("zip -q -d \"$out/input/keywatch.jar\" 'com/sun/jna/*/*jnidispatch*' 'org/usb4java/*/libusb4java*'")
                .contains("\"org/usb4java/$native_arch/libusb4java.so\"");
        assertThat(Files.readString(ROOT.resolve("packaging/smoke-test.sh"))).contains("unpacked at run time");
    }

    @Test
    void theWorkflowTestsAStandardUserWithAChineseProfileAndAnUpgradeWhileRunning() throws Exception {
        String wf = Files.readString(ROOT.resolve(".github/workflows/windows.yml"));
        assertThat(wf).contains("standard-user-chinese-profile:", "upgrade-while-tray-runs:",
                "packaging/windows/test-standard-user.ps1", "packaging/windows/test-upgrade-running.ps1",
                "-AppVersion 0.0.1", "-OlderMsi");
        String user = Files.readString(ROOT.resolve("packaging/windows/test-standard-user.ps1"));
        assertThat(user).contains("$name = '护士测试'").contains("-Credential $cred -LoadUserProfile")
                .contains("Add-LocalGroupMember -Group 'Users'").doesNotContain("Administrators' -Member");
        assertThat(Files.readString(ROOT.resolve("packaging/windows/test-upgrade-running.ps1")))
                .contains("'/qn'").contains("WaitForExit($Seconds * 1000)").contains("KeyWatch.exe");
    }

    /** The MSI tests look at what is installed, not only at msiexec's exit code. */
    @Test
    void theMsiTestsCheckTheInstalledVersionsAndBothAutostartChoicesAcrossUpgrades() throws Exception {
        assertThat(ROOT.resolve("packaging/windows/msi-lib.ps1")).isRegularFile();
        assertThat(Files.readString(ROOT.resolve("packaging/windows/msi-lib.ps1")))
                .contains("'RelatedProducts'").contains("'ProductInfo'").contains("'VersionString'");
        String test = Files.readString(ROOT.resolve("packaging/windows/test-msi.ps1"));
        assertThat(test).contains(". (Join-Path $here 'msi-lib.ps1')")
                .contains("after the refused downgrade only $newer is installed")
                .contains("after the upgrade only $newer is installed")
                .contains("the upgrade did not bring the Run value back")
                .contains("the upgrade kept autostart on");
        assertThat(Files.readString(ROOT.resolve("packaging/windows/test-upgrade-running.ps1")))
                .contains(". (Join-Path $here 'msi-lib.ps1')").contains("Get-InstalledVersions $NewerMsi");
    }
}
