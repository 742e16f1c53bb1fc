package dev.berth.agent.linux;

/** Flags of mount(2), umount2(2), fsmount(2) and move_mount(2). */
public final class MountFlags {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_NOATIME = 1024;
    public static final long MS_BIND = 4096;
    public static final long MS_MOVE = 8192;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_STRICTATIME = 1 << 24;
    public static final long MS_RELATIME = 1 << 21;

    public static final int MNT_DETACH = 2;

    /** fsconfig(2) commands. */
    public static final int FSCONFIG_SET_FLAG = 0;
    public static final int FSCONFIG_SET_STRING = 1;
    public static final int FSCONFIG_SET_FD = 5;
    public static final int FSCONFIG_CMD_CREATE = 6;

    public static final int FSOPEN_CLOEXEC = 1;
    public static final int FSMOUNT_CLOEXEC = 1;
    public static final int MOUNT_ATTR_RDONLY = 0x1;
    public static final int MOUNT_ATTR_NOSUID = 0x2;
    public static final int MOUNT_ATTR_NODEV = 0x4;
    public static final int MOUNT_ATTR_NOEXEC = 0x8;
    public static final int MOVE_MOUNT_F_EMPTY_PATH = 0x4;
    public static final int MOVE_MOUNT_T_EMPTY_PATH = 0x40;

    private MountFlags() {}
}
