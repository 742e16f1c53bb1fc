package dev.berth.agent.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What {@code -u} asks for: {@code uid}, {@code uid:gid}, {@code name} or {@code name:group}, as Docker accepts it.
 * Parsed when the container is created; resolved against the image's /etc/passwd and /etc/group when it starts.
 */
public record UserSpec(String user, @Nullable String group) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.][a-zA-Z0-9_.-]*\\$?");

    public UserSpec {
        if (!user.isEmpty() && !NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("invalid user '" + user + "': expected uid, uid:gid, name or name:group");
        }
        if (group != null && !NAME.matcher(group).matches()) {
            throw new IllegalArgumentException("invalid group '" + group + "': expected a gid or a group name");
        }
    }

    public static UserSpec root() {
        return new UserSpec("", null);
    }

    public static UserSpec parse(String text) {
        if (text.isEmpty()) {
            return root();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new UserSpec(text, null);
        }
        if (colon == 0) {
            throw new IllegalArgumentException("invalid user '" + text + "': the user part is empty");
        }
        return new UserSpec(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Resolves against the contents of the image's passwd and group files (either may be empty). */
    public ProcessUser resolve(String passwd, String groups) {
        int uid;
        int gid;
        String home = "/";
        String userName = null;
        if (user.isEmpty()) {
            uid = 0;
            gid = 0;
            String[] entry = findPasswd(passwd, 0, null);
            if (entry != null) {
                home = entry[5];
                userName = entry[0];
            }
        } else if (isNumber(user)) {
            uid = Integer.parseInt(user);
            String[] entry = findPasswd(passwd, uid, null);
            gid = entry == null ? 0 : Integer.parseInt(entry[3]);
            if (entry != null) {
                home = entry[5];
                userName = entry[0];
            }
        } else {
            String[] entry = findPasswd(passwd, -1, user);
            if (entry == null) {
                throw new EntrypointException(126, "unable to find user " + user + ": no matching entries in passwd file");
            }
            uid = Integer.parseInt(entry[2]);
            gid = Integer.parseInt(entry[3]);
            home = entry[5];
            userName = entry[0];
        }
        if (group != null) {
            if (isNumber(group)) {
                gid = Integer.parseInt(group);
            } else {
                String[] entry = findGroup(groups, group);
                if (entry == null) {
                    throw new EntrypointException(126, "unable to find group " + group
                            + ": no matching entries in group file");
                }
                gid = Integer.parseInt(entry[2]);
            }
        }
        return new ProcessUser(uid, gid, memberships(groups, userName, gid), home.isEmpty() ? "/" : home);
    }

    /** As initgroups(3) does: the primary group first, then every group that lists the user as a member. */
    private static int[] memberships(String groups, @Nullable String userName, int primaryGid) {
        if (userName == null) {
            return new int[0];
        }
        List<Integer> gids = new ArrayList<>();
        gids.add(primaryGid);
        for (String line : groups.split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length < 4 || !isNumber(fields[2])) {
                continue;
            }
            for (String member : fields[3].split(",")) {
                int gid = Integer.parseInt(fields[2]);
                if (member.trim().equals(userName) && gid != primaryGid && !gids.contains(gid)) {
                    gids.add(gid);
                }
            }
        }
        return gids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String @Nullable [] findPasswd(String passwd, int uid, @Nullable String name) {
        for (String line : passwd.split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length < 7 || !isNumber(fields[2]) || !isNumber(fields[3])) {
                continue;
            }
            if (name != null ? fields[0].equals(name) : Integer.parseInt(fields[2]) == uid) {
                return fields;
            }
        }
        return null;
    }

    private static String @Nullable [] findGroup(String groups, String name) {
        for (String line : groups.split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && fields[0].equals(name) && isNumber(fields[2])) {
                return fields;
            }
        }
        return null;
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.length() < 11 && text.chars().allMatch(Character::isDigit);
    }

    @Override
    public String toString() {
        return group == null ? user : user + ":" + group;
    }
}
