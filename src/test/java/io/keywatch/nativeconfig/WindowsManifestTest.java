package io.keywatch.nativeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The manifest packaging embeds into KeyWatch.exe: no elevation, per-monitor DPI awareness. */
class WindowsManifestTest {

    @Test
    void manifestRunsAsInvokerAndIsPerMonitorDpiAware() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(Path.of("native-config/keywatch.manifest").toFile());

        var level = d.getElementsByTagNameNS("urn:schemas-microsoft-com:asm.v3", "requestedExecutionLevel");
        assertThat(level.getLength()).isEqualTo(1);
        assertThat(level.item(0).getAttributes().getNamedItem("level").getNodeValue()).isEqualTo("asInvoker");
        assertThat(level.item(0).getAttributes().getNamedItem("uiAccess").getNodeValue()).isEqualTo("false");

        var awareness = d.getElementsByTagNameNS("http://schemas.microsoft.com/SMI/2016/WindowsSettings", "dpiAwareness");
        assertThat(awareness.getLength()).isEqualTo(1);
        assertThat(awareness.item(0).getTextContent()).startsWith("PerMonitorV2");
    }
}
