package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Each registry type against each key kind: what is mapped, and how a refused value is described. */
class PolicyValueEdgesTest {
    private final Messages en = Messages.forLanguage("en");

    private PolicySource.Policy policy(String name, Object raw) {
        return PolicySource.fromValues(Map.of(name, raw), UnaryOperator.identity(), en);
    }

    private Object mapped(String name, Object raw) {
        PolicySource.Policy p = policy(name, raw);
        assertThat(p.problems()).as(name).isEmpty();
        return p.layer().orElseThrow().values().get(name);
    }

    private String problem(String name, Object raw) {
        PolicySource.Policy p = policy(name, raw);
        assertThat(p.layer()).as(name).isEmpty();
        assertThat(p.problems()).as(name).hasSize(1);
        return p.problems().get(0);
    }

    @Test
    void aNumberForATextKeyBecomesItsDecimalText() {
        assertThat(mapped("log.syslog.host", 42)).isEqualTo("42");
        assertThat(mapped("log.syslog.host", 7L)).isEqualTo("7");
        assertThat(mapped("log.syslog.host", "syslog.local")).isEqualTo("syslog.local");
    }

    @Test
    void aBooleanKeyTakesOneZeroOrTheWordsInAnyCase() {
        assertThat(mapped("bjca.allowRemote", 1)).isEqualTo(true);
        assertThat(mapped("bjca.allowRemote", 0L)).isEqualTo(false);
        assertThat(mapped("bjca.allowRemote", "TRUE")).isEqualTo(true);
        assertThat(mapped("bjca.allowRemote", " false ")).isEqualTo(false);
        assertThat(problem("bjca.allowRemote", "yes")).isEqualTo("Machine policy " + PolicySource.LAYER_NAME
                + ": \"bjca.allowRemote\" = REG_SZ \"yes\" is not accepted (accepted: REG_DWORD 1 (true) or 0 (false));"
                + " the configuration files apply for it.");
        assertThat(problem("bjca.allowRemote", 2)).contains("= REG_DWORD 2 is not accepted");
    }

    @Test
    void aMultiStringDropsEmptyLinesAndExpandsEachItem() {
        PolicySource.Policy p = PolicySource.fromValues(Map.of("nursingApp.command",
                new String[] {"%HIS%\\nurse.exe", "", "--login"}), s -> s.replace("%HIS%", "C:\\HIS"), en);
        assertThat(p.problems()).isEmpty();
        assertThat(p.layer().orElseThrow().values().get("nursingApp.command"))
                .isEqualTo(List.of("C:\\HIS\\nurse.exe", "--login"));
    }

    @Test
    void aNumberKeyTakesDwordUnsignedQwordOrDecimalText() {
        assertThat(mapped("bjca.timeoutMs", -1)).isEqualTo(4_294_967_295L);
        assertThat(mapped("bjca.timeoutMs", 2500L)).isEqualTo(2500L);
        assertThat(mapped("bjca.timeoutMs", " 3000 ")).isEqualTo(3000L);
    }

    @Test
    void eachRegistryTypeIsNamedInTheMessage() {
        String prefix = "Machine policy " + PolicySource.LAYER_NAME + ": ";
        assertThat(problem("bjca.timeoutMs", new String[] {"1", "2"})).isEqualTo(prefix
                + "\"bjca.timeoutMs\" = REG_MULTI_SZ [1, 2] is not accepted (accepted: REG_DWORD, or REG_SZ holding a"
                + " whole number); the configuration files apply for it.");
        assertThat(problem("nursingApp.command", -1)).contains("\"nursingApp.command\" = REG_DWORD 4294967295 is not"
                + " accepted (accepted: REG_MULTI_SZ, one program or argument per line)");
        assertThat(problem("nursingApp.command", 5L)).contains("= REG_QWORD 5 is not accepted");
        assertThat(problem("nursingApp.command", "nurse.exe --login")).contains("= REG_SZ \"nurse.exe --login\" is not");
        assertThat(problem("log.syslog.host", new byte[] {1, 2, 3})).isEqualTo(prefix
                + "\"log.syslog.host\" = REG_BINARY (3 bytes) is not accepted (accepted: REG_SZ text);"
                + " the configuration files apply for it.");
        assertThat(problem("log.syslog.host", Boolean.TRUE)).contains("\"log.syslog.host\" = true is not accepted");
        assertThat(problem("keys.catalog", 1)).contains("\"keys.catalog\" = REG_DWORD 1 is not accepted (accepted:"
                + " REG_SZ holding a JSON array");
    }

    @Test
    void aLockOtherThanOneOrZeroIsNamedWithItsType() {
        PolicySource.Policy p = policy("reset.policyLocked", 2L);
        assertThat(p.lockedKeys()).isEmpty();
        assertThat(p.problems()).containsExactly("Machine policy " + PolicySource.LAYER_NAME
                + ": \"reset.policyLocked\" = REG_QWORD 2 is not accepted (accepted: REG_DWORD 1 (locked) or 0);"
                + " the configuration files apply for it.");
        assertThat(policy("RESET.POLICYLOCKED", 1).lockedKeys()).containsExactly("reset.policy");
    }

    @Test
    void valueNamesMatchTheirKeyInAnyCase() {
        PolicySource.Policy p = policy("LOG.SYSLOG.PORT", 1514);
        assertThat(p.problems()).isEmpty();
        assertThat(p.layer().orElseThrow().values()).containsOnlyKeys("log.syslog.port");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void withoutARegistryThereIsNoPolicy() {
        PolicySource.Policy p = PolicySource.forThisMachine(en);
        assertThat(p).isEqualTo(PolicySource.Policy.none());
        assertThat(p.layer()).isEmpty();
        assertThat(p.lockedKeys()).isEmpty();
        assertThat(p.problems()).isEmpty();
    }
}
