package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The registry side of the Windows host facts, with a map for a registry. */
class WindowsHostFactsTest {
    final Map<String, Map<String, Object>> keys = new HashMap<>();
    final Map<String, List<String>> subKeys = new HashMap<>();
    final RegistryReader registry = new RegistryReader() {
        @Override
        public Map<String, Object> values(String path) {
            return keys.getOrDefault(path, Map.of());
        }

        @Override
        public List<String> subKeys(String path) {
            return subKeys.getOrDefault(path, List.of());
        }

        @Override
        public String expand(String value) {
            return value.replace("%ProgramFiles(x86)%", "C:\\Program Files (x86)");
        }
    };
    /** HKCR keys present, as "BIT64:path" / "BIT32:path". */
    final Set<String> classKeys = new HashSet<>();
    final List<String> classLookups = new java.util.ArrayList<>();
    RuntimeException classFailure;
    /** HKCR string values, as "BIT32:path|name" → value. */
    final Map<String, String> classValues = new HashMap<>();
    final ClassesRoot classes = new ClassesRoot() {
        @Override
        public boolean exists(String path, View view) {
            classLookups.add(view + ":" + path);
            if (classFailure != null) {
                throw classFailure;
            }
            return classKeys.contains(view + ":" + path);
        }

        @Override
        public Optional<String> text(String path, String name, View view) {
            classLookups.add(view + ":" + path + "|" + name);
            return Optional.ofNullable(classValues.get(view + ":" + path + "|" + name));
        }
    };
    final WindowsHostFacts facts = new WindowsHostFacts(registry, classes);
    static final String CLSID_KEY = "CLSID\\{3F367B74-92D9-4C5E-AB93-234F8A91D5E6}";

    @Test
    void bjcaInstallFromTheThirtyTwoBitHive() {
        keys.put("SOFTWARE\\WOW6432Node\\BJCA", Map.of("InstallPath", "%ProgramFiles(x86)%\\BJCA"));
        keys.put("SOFTWARE\\WOW6432Node\\BJCA\\Update\\Clients\\{BF720538-7840-4325-93CD-CF72FBF3232F}",
                Map.of("pv", "3.7.418.0"));
        HostFacts.BjcaInstall i = facts.bjcaInstall().value().orElseThrow();
        assertThat(i.path()).contains("C:\\Program Files (x86)\\BJCA");
        assertThat(i.version()).contains("3.7.418.0");
    }

    @Test
    void noBjcaKeysMeansNotInstalled() {
        HostFacts.BjcaInstall i = facts.bjcaInstall().value().orElseThrow();
        assertThat(i.path()).isEmpty();
        assertThat(i.version()).isEmpty();
    }

    @Test
    void serviceStartTypes() {
        keys.put("SYSTEM\\CurrentControlSet\\Services\\SCardSvr", Map.of("Start", 4));
        assertThat(facts.serviceStart("SCardSvr").value()).contains(HostFacts.ServiceStart.DISABLED);
        keys.put("SYSTEM\\CurrentControlSet\\Services\\SCardSvr", Map.of("Start", 3));
        assertThat(facts.serviceStart("SCardSvr").value()).contains(HostFacts.ServiceStart.MANUAL);
        keys.put("SYSTEM\\CurrentControlSet\\Services\\SCardSvr", Map.of("Start", 5));
        assertThat(facts.serviceStart("SCardSvr").problem()).contains("Start = 5");
        assertThat(facts.serviceStart("Nope").problem().orElseThrow()).contains("not installed");
    }

    @Test
    void eventLogSource() {
        assertThat(facts.eventLogSourceRegistered().value()).contains(false);
        subKeys.put(WindowsHostFacts.EVENT_SOURCES, List.of("Application", "keywatch"));
        assertThat(facts.eventLogSourceRegistered().value()).contains(true);
    }

    @Test
    void thePortInTheTcpTableIsInNetworkByteOrder() {
        assertThat(WindowsHostFacts.hostPort(0x3B52)).isEqualTo(21051);
        assertThat(WindowsHostFacts.hostPort(0xFFFF3B52)).as("high bits are not the port").isEqualTo(21051);
    }

    @Test
    void theBjcaClassIdIsTheComBridges() {
        assertThat(WindowsHostFacts.BJCA_CLSID).isEqualTo(io.keywatch.bjca.com.ComXtxClient.CLSID);
    }

    @Test
    void comRegistrationFromTheTwoViewsOfClassesRoot() {
        assertThat(facts.bjcaComRegistration().value()).contains(HostFacts.ComRegistration.NOT_REGISTERED);
        classKeys.add("BIT32:" + CLSID_KEY);
        assertThat(facts.bjcaComRegistration().value()).as("the 32-bit DLL only")
                .contains(HostFacts.ComRegistration.ONLY_32_BIT);
        classKeys.add("BIT32:" + CLSID_KEY + "\\LocalServer32");
        assertThat(facts.bjcaComRegistration().value()).contains(HostFacts.ComRegistration.ONLY_32_BIT_LOCAL_SERVER);
        classKeys.add("BIT64:" + CLSID_KEY);
        classLookups.clear();
        assertThat(facts.bjcaComRegistration().value()).contains(HostFacts.ComRegistration.REGISTERED);
        assertThat(classLookups).as("the 64-bit view settles it").containsExactly("BIT64:" + CLSID_KEY);
    }

    @Test
    void a32BitDllInASurrogateIsUsableOnlyWhenItsAppIdKeyNamesOne() {
        String appId = "{0D5A6D3C-1111-2222-3333-444455556666}";
        classKeys.add("BIT32:" + CLSID_KEY);
        classValues.put("BIT32:" + CLSID_KEY + "|AppID", " " + appId + " ");
        assertThat(facts.bjcaComRegistration().value()).as("an AppID whose key is missing")
                .contains(HostFacts.ComRegistration.ONLY_32_BIT);
        classKeys.add("BIT32:AppID\\" + appId);
        assertThat(facts.bjcaComRegistration().value()).as("an AppID key without DllSurrogate")
                .contains(HostFacts.ComRegistration.ONLY_32_BIT);
        classValues.put("BIT32:AppID\\" + appId + "|DllSurrogate", "");
        assertThat(facts.bjcaComRegistration().value()).as("an empty DllSurrogate: the system's dllhost")
                .contains(HostFacts.ComRegistration.ONLY_32_BIT_LOCAL_SERVER);
        classKeys.add("BIT32:" + CLSID_KEY + "\\LocalServer32");
        classLookups.clear();
        assertThat(facts.bjcaComRegistration().value()).contains(HostFacts.ComRegistration.ONLY_32_BIT_LOCAL_SERVER);
        assertThat(classLookups).as("an EXE server settles it without the AppID")
                .noneMatch(l -> l.contains("AppID"));
    }

    @Test
    void aLocalServerKeyWithoutThe32BitClassIsNotARegistration() {
        classKeys.add("BIT32:" + CLSID_KEY + "\\LocalServer32");
        assertThat(facts.bjcaComRegistration().value()).contains(HostFacts.ComRegistration.NOT_REGISTERED);
    }

    @Test
    void anUnreadableRegistryIsAnUnknownRegistrationNotAThrow() {
        classFailure = new IllegalStateException("access denied");
        HostFacts.Fact<HostFacts.ComRegistration> f = facts.bjcaComRegistration();
        assertThat(f.applicable()).isTrue();
        assertThat(f.value()).isEmpty();
        assertThat(f.problem().orElseThrow()).contains("HKCR\\CLSID\\{3F367B74", "access denied");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theRealAdapterOffWindowsFailsSafe() {
        HostFacts.Fact<HostFacts.ComRegistration> f = new WindowsHostFacts(registry).bjcaComRegistration();
        assertThat(f.value()).isEmpty();
        assertThat(f.problem()).isPresent();
    }
}
