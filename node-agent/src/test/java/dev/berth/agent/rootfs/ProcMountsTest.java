package dev.berth.agent.rootfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.RecordingSyscalls;
import org.junit.jupiter.api.Test;

class ProcMountsTest {
    static final FileStat DIR = new FileStat(OpenFlags.S_IFDIR | 0555, 0, 0, 0, 0);
    static final FileStat FILE = new FileStat(OpenFlags.S_IFREG | 0444, 0, 0, 0, 0);

    @Test
    void masksWhatExistsTheWayDockerDoes() {
        RecordingSyscalls sys = new RecordingSyscalls()
                .file("/r/proc/kcore", FILE).file("/r/proc/keys", FILE).file("/r/proc/acpi", DIR)
                .file("/r/proc/sys", DIR).file("/r/proc/sysrq-trigger", FILE);

        new ProcMounts(sys).mask("/r");

        assertThat(sys.calls("mount(")).containsExactly(
                "mount(/r/dev/null, /r/proc/kcore, null, 4096, null)",
                "mount(/r/dev/null, /r/proc/keys, null, 4096, null)",
                "mount(tmpfs, /r/proc/acpi, tmpfs, 1, null)",
                "mount(/r/proc/sys, /r/proc/sys, null, 20480, null)",
                "mount(null, /r/proc/sys, null, 4143, null)",
                "mount(/r/proc/sysrq-trigger, /r/proc/sysrq-trigger, null, 20480, null)",
                "mount(null, /r/proc/sysrq-trigger, null, 4143, null)");
    }

    @Test
    void procForAnotherNamespaceIsCreatedWithItsPidnsAndMovedIn() {
        RecordingSyscalls sys = new RecordingSyscalls();

        new ProcMounts(sys).mountForNamespace("/r", 55);

        assertThat(sys.calls()).containsSubsequence("fsopen(proc)", "fsconfig(SET_FD, pidns)",
                "fsconfig(CMD_CREATE)", "fsmount(14)", "move_mount(/r/proc)");
    }
}
