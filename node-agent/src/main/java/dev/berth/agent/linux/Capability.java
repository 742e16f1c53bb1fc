package dev.berth.agent.linux;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Linux capabilities by number (linux/capability.h), and Docker's default set for containers. */
public enum Capability {
    CHOWN(0), DAC_OVERRIDE(1), DAC_READ_SEARCH(2), FOWNER(3), FSETID(4), KILL(5), SETGID(6), SETUID(7),
    SETPCAP(8), LINUX_IMMUTABLE(9), NET_BIND_SERVICE(10), NET_BROADCAST(11), NET_ADMIN(12), NET_RAW(13),
    IPC_LOCK(14), IPC_OWNER(15), SYS_MODULE(16), SYS_RAWIO(17), SYS_CHROOT(18), SYS_PTRACE(19), SYS_PACCT(20),
    SYS_ADMIN(21), SYS_BOOT(22), SYS_NICE(23), SYS_RESOURCE(24), SYS_TIME(25), SYS_TTY_CONFIG(26), MKNOD(27),
    LEASE(28), AUDIT_WRITE(29), AUDIT_CONTROL(30), SETFCAP(31), MAC_OVERRIDE(32), MAC_ADMIN(33), SYSLOG(34),
    WAKE_ALARM(35), BLOCK_SUSPEND(36), AUDIT_READ(37), PERFMON(38), BPF(39), CHECKPOINT_RESTORE(40);

    /** The highest capability number this enum knows; the kernel may know more, and those are dropped too. */
    public static final int LAST_KNOWN = 40;

    private final int number;

    Capability(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Docker's default set: what {@code docker run} grants without --cap-add (CapEff 0x00000000a80425fb). */
    public static Set<Capability> dockerDefaults() {
        return EnumSet.of(CHOWN, DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP,
                NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE);
    }

    /** The 64-bit mask of a set, as {@code /proc/PID/status} prints it. */
    public static long mask(Set<Capability> caps) {
        long mask = 0;
        for (Capability cap : caps) {
            mask |= 1L << cap.number;
        }
        return mask;
    }

    /** Parses {@code NET_ADMIN} or {@code CAP_NET_ADMIN}, in any case. */
    public static Optional<Capability> parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("CAP_")) {
            name = name.substring(4);
        }
        for (Capability cap : values()) {
            if (cap.name().equals(name)) {
                return Optional.of(cap);
            }
        }
        return Optional.empty();
    }
}
