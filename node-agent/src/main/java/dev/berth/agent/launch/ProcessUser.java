package dev.berth.agent.launch;

/** A resolved user: the ids the process runs with, and its home directory. */
public record ProcessUser(int uid, int gid, int[] additionalGids, String home) {

    public static ProcessUser root() {
        return new ProcessUser(0, 0, new int[0], "/root");
    }

    public boolean isRoot() {
        return uid == 0;
    }

    /** Whether this user may execute a file with the given owner and mode, as the kernel decides. */
    public boolean canExecute(int fileUid, int fileGid, int mode) {
        if (uid == 0) {
            return (mode & 0111) != 0;
        }
        if (fileUid == uid) {
            return (mode & 0100) != 0;
        }
        if (fileGid == gid || contains(additionalGids, fileGid)) {
            return (mode & 0010) != 0;
        }
        return (mode & 0001) != 0;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
