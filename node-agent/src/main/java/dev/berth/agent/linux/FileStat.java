package dev.berth.agent.linux;

/** The parts of struct stat that Berth reads. */
public record FileStat(int mode, int uid, int gid, long size, long rdev) {

    public int type() {
        return mode & OpenFlags.S_IFMT;
    }

    public boolean isRegularFile() {
        return type() == OpenFlags.S_IFREG;
    }

    public boolean isDirectory() {
        return type() == OpenFlags.S_IFDIR;
    }

    /** Any execute bit set: what a PATH search looks for. */
    public boolean isExecutableByAnyone() {
        return (mode & 0111) != 0;
    }
}
