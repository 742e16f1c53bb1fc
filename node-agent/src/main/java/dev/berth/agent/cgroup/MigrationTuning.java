package dev.berth.agent.cgroup;

import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes moving a task into a cgroup cheap, with the kernel's {@code favordynmods} option (Linux 6.0+).
 *
 * <p>Every container start moves one task into its cgroup. By default the kernel keeps the lock that guards
 * migrations cheap for forks and exits, and a migration that comes after a quiet moment waits for an RCU grace
 * period first: about 7.5 ms on the machines Berth was measured on, most of a launch. With {@code favordynmods} on any
 * hierarchy the lock stays in the other mode: a migration takes about 0.15 ms, and forks and exits, host-wide, take
 * a little longer (an atomic operation instead of a per-CPU one).
 *
 * <p>On v1 the option is given to a named hierarchy of Berth's own, with no controller, mounted beside the others at
 * {@code /sys/fs/cgroup/berth} (the controllers' mounts cannot be remounted with it); on v2 the unified mount is
 * remounted with it. Either stays until reboot; it is only mounted when no hierarchy has the option yet.
 */
public final class MigrationTuning {
    private static final Logger log = LoggerFactory.getLogger(MigrationTuning.class);

    private MigrationTuning() {}

    /** Returns whether the option is in force; logs and carries on when the kernel does not offer it. */
    public static boolean favorMigrations(Syscalls syscalls, String cgroupVersion, Path cgroupRoot, Path mountinfo) {
        try {
            if (Files.readString(mountinfo).contains("favordynmods")) {
                return true;
            }
            if ("v2".equals(cgroupVersion)) {
                syscalls.mount(null, cgroupRoot.toString(), null, 32 /* MS_REMOUNT */, "favordynmods");
            } else {
                Path hierarchy = cgroupRoot.resolve("berth");
                Files.createDirectories(hierarchy);
                syscalls.mount("cgroup", hierarchy.toString(), "cgroup", 0, "none,name=berth,favordynmods");
            }
            log.info("cgroup migrations favoured over forks (favordynmods): container starts no longer wait for an "
                    + "RCU grace period");
            return true;
        } catch (SyscallException | IOException e) {
            log.warn("cannot turn on favordynmods ({}); each container start may wait for an RCU grace period",
                    e.getMessage());
            return false;
        }
    }
}
