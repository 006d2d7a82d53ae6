package io.keywatch.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The build scripts and the Windows workflow only refer to files that exist, and agree with each other. */
class PackagingFilesTest {
    private static final Path ROOT = Path.of("");

    @Test
    void everyScriptTheWindowsWorkflowRunsExists() throws IOException {
        String workflow = Files.readString(ROOT.resolve(".github/workflows/windows.yml"));
        Matcher m = Pattern.compile("(?:\\./)?((?:packaging|native-config)/[\\w./-]+\\.(?:ps1|sh))").matcher(workflow);
        List<String> scripts = new ArrayList<>();
        while (m.find()) {
            scripts.add(m.group(1));
        }
        assertThat(scripts).contains("packaging/windows/build-msi.ps1", "packaging/windows/test-msi.ps1");
        assertThat(scripts).allSatisfy(s -> assertThat(ROOT.resolve(s)).isRegularFile());
        assertThat(workflow).contains("runs-on: windows-2022").contains("java-version: '17'")
                .contains("./mvnw.cmd -B test -P windows");
        assertThat(ROOT.resolve("mvnw.cmd")).isRegularFile();
    }

    @Test
    void filesTheMsiScriptReadsExist() throws IOException {
        Path ps1 = ROOT.resolve("packaging/windows/build-msi.ps1");
        String text = Files.readString(ps1);
        Matcher m = Pattern.compile("Join-Path \\$(packaging|here|root) '([^']+)'").matcher(text);
        int n = 0;
        while (m.find()) {
            Path base = switch (m.group(1)) {
                case "packaging" -> ROOT.resolve("packaging");
                case "here" -> ROOT.resolve("packaging/windows");
                default -> ROOT;
            };
            String rel = m.group(2).replace('\\', '/');
            if (rel.startsWith("target/")) {
                continue; // build output
            }
            n++;
            assertThat(base.resolve(rel)).as("referenced by build-msi.ps1").exists();
        }
        assertThat(n).isGreaterThanOrEqualTo(5);
    }

    @Test
    void filesTheLinuxScriptsReadExistAndScriptsAreExecutable() throws IOException {
        for (String script : List.of("build-app-image.sh", "smoke-test.sh", "cds-train.sh")) {
            Path p = ROOT.resolve("packaging").resolve(script);
            assertThat(Files.isExecutable(p)).as(script + " is executable").isTrue();
            Matcher m = Pattern.compile("\\$here(?:_dir)?/([\\w-][\\w.-]*\\.[a-z]+)\\b").matcher(Files.readString(p));
            while (m.find()) {
                assertThat(ROOT.resolve("packaging").resolve(m.group(1))).as("referenced by " + script).isRegularFile();
            }
        }
    }

    @Test
    void theInstallerWritesTheRunValueAndKeepsOneUpgradeCode() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        var doc = f.newDocumentBuilder().parse(ROOT.resolve("packaging/windows/resources/main.wxs").toFile());
        NodeList values = doc.getElementsByTagNameNS("http://schemas.microsoft.com/wix/2006/wi", "RegistryValue");
        assertThat(values.getLength()).isEqualTo(1);
        Element run = (Element) values.item(0);
        assertThat(run.getAttribute("Root")).isEqualTo("HKCU");
        assertThat(run.getAttribute("Key")).isEqualTo("Software\\Microsoft\\Windows\\CurrentVersion\\Run");
        assertThat(run.getAttribute("Name")).isEqualTo(io.keywatch.platform.WindowsRunKeyAutostart.VALUE_NAME);
        assertThat(run.getAttribute("Value")).isEqualTo("\"[INSTALLDIR]KeyWatch.exe\"");

        String ps1 = Files.readString(ROOT.resolve("packaging/windows/build-msi.ps1"));
        assertThat(ps1).containsPattern("\\$UpgradeUuid = '[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}'")
                .contains("'--win-per-user-install'").contains("'--win-menu'").contains("'--win-upgrade-uuid', $UpgradeUuid")
                .doesNotContain("--win-dir-chooser");
    }

    @Test
    void everyLauncherUsesTheOneJvmOptionsFile() throws IOException {
        List<String> options = Files.readAllLines(ROOT.resolve("packaging/jvm-options.txt")).stream()
                .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
        assertThat(options).contains("-Xmx64m", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
                "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=32m");
        assertThat(Files.readString(ROOT.resolve("packaging/build-app-image.sh"))).contains("jvm-options.txt")
                .doesNotContain("-Xmx");
        assertThat(Files.readString(ROOT.resolve("packaging/windows/build-msi.ps1"))).contains("jvm-options.txt")
                .doesNotContain("-Xmx");
    }
}
