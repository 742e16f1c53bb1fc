package dev.berth.agent.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.Capability;
import dev.berth.agent.linux.RecordingSyscalls;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void rootKeepsExactlyTheDefaultSetAndDropsTheRestFromTheBoundingSet() {
        RecordingSyscalls sys = new RecordingSyscalls();

        Credentials.apply(sys, ProcessUser.root(), Capability.dockerDefaults(), true);

        List<String> drops = sys.calls("capbset_drop(");
        assertThat(drops).hasSize(64 - Capability.dockerDefaults().size());
        assertThat(drops).doesNotContain("capbset_drop(0)", "capbset_drop(27)").contains("capbset_drop(21)");
        assertThat(sys.calls()).containsSubsequence("capbset_drop(63)", "ambient_clear()", "setgroups([])",
                "setresgid(0)", "capset(a80425fb, a80425fb, 0)", "no_new_privs()");
        assertThat(sys.calls("setresuid")).isEmpty();
    }

    @Test
    void aUserChangesGroupsThenGidThenUid() {
        RecordingSyscalls sys = new RecordingSyscalls();

        Credentials.apply(sys, new ProcessUser(1000, 100, new int[] {5, 10}, "/"), Capability.dockerDefaults(), false);

        assertThat(sys.calls()).containsSubsequence("setgroups([5, 10])", "setresgid(100)", "setresuid(1000)",
                "capset(0, 0, 0)");
        assertThat(sys.calls("no_new_privs")).isEmpty();
    }
}
