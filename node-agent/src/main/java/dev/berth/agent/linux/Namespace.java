package dev.berth.agent.linux;

/** The namespaces a container gets, with their clone flag and their name under {@code /proc/PID/ns}. */
public enum Namespace {
    MOUNT(0x00020000, "mnt"),
    UTS(0x04000000, "uts"),
    IPC(0x08000000, "ipc"),
    NET(0x40000000, "net"),
    PID(0x20000000, "pid"),
    CGROUP(0x02000000, "cgroup");

    /** Unsharing {@code CLONE_FS} gives a thread its own root and working directory. */
    public static final int CLONE_FS = 0x00000200;

    private final int flag;
    private final String procName;

    Namespace(int flag, String procName) {
        this.flag = flag;
        this.procName = procName;
    }

    public int flag() {
        return flag;
    }

    public String procName() {
        return procName;
    }

    /** Every namespace a container is born with, as one {@code unshare} mask. */
    public static int allFlags() {
        int flags = 0;
        for (Namespace ns : values()) {
            flags |= ns.flag;
        }
        return flags;
    }

    /** Names the set bits, such as {@code CLONE_NEWNS|CLONE_NEWPID}, for messages and recordings. */
    public static String describe(int flags) {
        StringBuilder out = new StringBuilder();
        for (Namespace ns : values()) {
            if ((flags & ns.flag) != 0) {
                out.append(out.isEmpty() ? "" : "|").append("CLONE_NEW").append(ns == MOUNT ? "NS" : ns.name());
            }
        }
        if ((flags & CLONE_FS) != 0) {
            out.append(out.isEmpty() ? "" : "|").append("CLONE_FS");
        }
        return out.toString();
    }
}
