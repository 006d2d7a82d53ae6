package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import io.keywatch.core.ResetPolicy;
import io.keywatch.platform.RegistryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HKLM\Software\Policies\KeyWatch mapped to a configuration layer that wins, with a fake registry. */
class PolicySourceTest {
    @TempDir
    Path dir;
    private final Messages en = Messages.forLanguage("en");

    /** A registry holding only the policy key, values as JNA would return them. */
    static RegistryReader registry(Map<String, Object> policy) {
        return new RegistryReader() {
            @Override
            public Map<String, Object> values(String path) {
                return path.equals(PolicySource.KEY) ? policy : Map.of();
            }

            @Override
            public List<String> subKeys(String path) {
                return List.of();
            }

            @Override
            public String expand(String value) {
                return value.replace("%ProgramData%", "C:\\ProgramData");
            }
        };
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void registryTypesMapToConfigTypesAndThePolicyWinsOverBothFiles() throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("reset.policy", "never");                                   // REG_SZ
        values.put("bjca.timeoutMs", 2500);                                    // REG_DWORD
        values.put("bjca.allowRemote", 0);                                     // REG_DWORD as boolean
        values.put("nursingApp.command", new String[] {"C:\\Program Files\\HIS\\nurse.exe", "--login"}); // REG_MULTI_SZ
        values.put("dataDir", "%ProgramData%\\KeyWatch");                       // REG_EXPAND_SZ
        values.put("log.syslog.host", "syslog.hospital.local");
        values.put("log.syslog.port", "1514");                                 // a number written as REG_SZ
        values.put("keys.catalog", "[{\"vid\": \"ABCD\", \"pid\": \"0001\", \"label\": \"Hospital key\"}]");
        PolicySource.Policy policy = PolicySource.read(registry(values), en);
        assertThat(policy.problems()).isEmpty();

        Path machine = write("machine.json", "{\"reset\": {\"policy\": \"auto\"}, \"bjca\": {\"timeoutMs\": 9000}}");
        Path user = write("user.json", "{\"reset.policy\": \"ask\", \"ui\": {\"language\": \"zh\"}}");
        ConfigLoader.Result r = new ConfigLoader(en).load(List.of(machine, user), policy);

        assertThat(r.problems()).isEmpty();
        KeyWatchConfig c = r.config();
        assertThat(c.resetPolicy()).isEqualTo(ResetPolicy.NEVER);
        assertThat(c.bjcaTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.bjcaAllowRemote()).isFalse();
        assertThat(c.nursingAppCommand()).containsExactly("C:\\Program Files\\HIS\\nurse.exe", "--login");
        assertThat(c.dataDir()).hasValueSatisfying(p -> assertThat(p.toString()).isEqualTo("C:\\ProgramData\\KeyWatch"));
        assertThat(c.syslogHost()).hasValue("syslog.hospital.local");
        assertThat(c.syslogPort()).isEqualTo(1514);
        assertThat(c.extraKeys()).singleElement().satisfies(k -> assertThat(k).containsEntry("vid", "ABCD"));
        assertThat(c.uiLanguage()).as("what the policy does not set stays the user's").isEqualTo("zh");
        assertThat(c.sources()).containsEntry("reset.policy", PolicySource.LAYER_NAME)
                .containsEntry("bjca.timeoutMs", PolicySource.LAYER_NAME).containsEntry("ui.language", user.toString());
    }

    @Test
    void lockedResetPolicyIgnoresTheUsersValueWithAMessageAndKeepsTheMachineFiles() throws IOException {
        PolicySource.Policy policy = PolicySource.read(registry(Map.of("reset.policyLocked", 1)), en);
        assertThat(policy.layer()).isEmpty();
        assertThat(policy.lockedKeys()).containsExactly("reset.policy");

        Path machine = write("machine.json", "{\"reset\": {\"policy\": \"never\"}}");
        Path user = write("user.json", "{\"reset\": {\"policy\": \"auto\"}, \"keys\": {\"settleMs\": 500}}");
        ConfigLoader.Result r = new ConfigLoader(en).load(List.of(machine, user), policy);

        assertThat(r.config().resetPolicy()).isEqualTo(ResetPolicy.NEVER);
        assertThat(r.config().sources()).containsEntry("reset.policy", machine.toString());
        assertThat(r.config().keySettle()).as("other user keys still apply").isEqualTo(Duration.ofMillis(500));
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains(user.toString(), "reset.policy", "auto", "reset.policyLocked"));

        // Unlocked (0), the same user file wins as before.
        ConfigLoader.Result open = new ConfigLoader(en).load(List.of(machine, user),
                PolicySource.read(registry(Map.of("reset.policyLocked", 0)), en));
        assertThat(open.config().resetPolicy()).isEqualTo(ResetPolicy.AUTO);
        assertThat(open.problems()).isEmpty();
    }

    @Test
    void lockedWithoutAnyFileLeavesTheDefault() {
        ConfigLoader.Result r = new ConfigLoader(en).load(List.of(dir.resolve("absent.json")),
                PolicySource.read(registry(Map.of("reset.policyLocked", 1)), en));
        assertThat(r.config().resetPolicy()).isEqualTo(ResetPolicy.ASK);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void wrongTypesAndUnknownNamesAreProblemsNamingThePolicyKeyAndWhatIsAccepted() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("nursingApp.command", "C:\\Program Files\\HIS\\nurse.exe --login");   // REG_SZ, not MULTI_SZ
        values.put("bjca.allowRemote", 7);
        values.put("bjca.timeoutMs", "fast");
        values.put("reset.policyLocked", "yes");
        values.put("reset.polcy", "never");
        values.put("keys.catalog", "not json");
        PolicySource.Policy policy = PolicySource.read(registry(values), en);

        assertThat(policy.layer()).isEmpty();
        assertThat(policy.lockedKeys()).isEmpty();
        assertThat(policy.problems()).hasSize(6).allSatisfy(p -> assertThat(p).contains(PolicySource.LAYER_NAME));
        assertThat(policy.problems()).anySatisfy(p -> assertThat(p).contains("nursingApp.command", "REG_MULTI_SZ"));
        assertThat(policy.problems()).anySatisfy(p -> assertThat(p).contains("bjca.allowRemote", "REG_DWORD 7", "1 (true)"));
        assertThat(policy.problems()).anySatisfy(p -> assertThat(p).contains("bjca.timeoutMs", "fast", "whole number"));
        assertThat(policy.problems()).anySatisfy(p -> assertThat(p).contains("reset.policyLocked", "REG_DWORD 1"));
        assertThat(policy.problems()).anySatisfy(p -> assertThat(p).contains("reset.polcy", "unknown", "reset.policy"));
        assertThat(policy.problems()).anySatisfy(p -> assertThat(p).contains("keys.catalog", "JSON array"));
    }

    @Test
    void aValueOfTheRightTypeButOutOfRangeIsRejectedByTheLoaderNamingThePolicy() {
        PolicySource.Policy policy = PolicySource.read(registry(Map.of("bjca.timeoutMs", 5, "reset.policy", "sometimes")), en);
        ConfigLoader.Result r = new ConfigLoader(en).load(List.of(), policy);
        assertThat(r.config().bjcaTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.config().resetPolicy()).isEqualTo(ResetPolicy.ASK);
        assertThat(r.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains(PolicySource.LAYER_NAME));
    }

    @Test
    void anUnreadablePolicyKeyIsAProblemAndTheFilesStillApply() throws IOException {
        RegistryReader denied = new RegistryReader() {
            @Override
            public Map<String, Object> values(String path) throws RegistryException {
                throw new RegistryException("HKLM\\" + path + ": access denied", null);
            }

            @Override
            public List<String> subKeys(String path) {
                return List.of();
            }

            @Override
            public String expand(String value) {
                return value;
            }
        };
        PolicySource.Policy policy = PolicySource.read(denied, en);
        Path user = write("user.json", "{\"reset.policy\": \"auto\"}");
        ConfigLoader.Result r = new ConfigLoader(en).load(List.of(user), policy);
        assertThat(r.config().resetPolicy()).isEqualTo(ResetPolicy.AUTO);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p).contains("access denied", PolicySource.LAYER_NAME));
    }

    @Test
    void imageAndSyslogFacilityKeysAreValidated() throws IOException {
        Path f = write("c.json", "{\"image\": {\"profileRoots\": [\"relative/home\"], \"bjcaSubPath\": \"../../etc\"},"
                + " \"log\": {\"syslog\": {\"facility\": \"kernel\"}}}");
        ConfigLoader.Result r = new ConfigLoader(en).load(List.of(f));
        assertThat(r.config().imageProfileRoots()).isEqualTo(KeyWatchConfig.DEFAULT_PROFILE_ROOTS);
        assertThat(r.config().imageBjcaSubPath()).isEqualTo(KeyWatchConfig.DEFAULT_BJCA_SUB_PATH);
        assertThat(r.config().syslogFacility()).isEqualTo("user");
        assertThat(r.problems()).hasSize(3);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("image.profileRoots", "absolute folder paths"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("image.bjcaSubPath", "without \"..\""));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("log.syslog.facility", "local0"));

        Path g = write("g.json", "{\"image\": {\"profileRoots\": [\"/srv/home\", \"/home\"], \"profiles\": [],"
                + " \"bjcaSubPath\": \"AppData/LocalLow/BJCA\"}, \"log.syslog.facility\": \"LOCAL3\"}");
        ConfigLoader.Result ok = new ConfigLoader(en).load(List.of(g));
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.config().imageProfileRoots()).containsExactly(Path.of("/srv/home"), Path.of("/home"));
        assertThat(ok.config().imageProfiles()).isEmpty();
        assertThat(ok.config().imageBjcaSubPath()).isEqualTo(Path.of("AppData/LocalLow/BJCA"));
        assertThat(ok.config().syslogFacility()).isEqualTo("local3");
    }
}
