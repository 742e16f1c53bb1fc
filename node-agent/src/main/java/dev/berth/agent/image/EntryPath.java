package dev.berth.agent.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tar entry's name made safe to extract: relative, normalised ({@code ./a//b/} is {@code a/b}, {@code a/../b} is
 * {@code b}) and inside the root. Parsing refuses an absolute name or one that climbs out with {@code ..}; the
 * unpacker still has to check that no component is a symlink.
 *
 * @param components the names from the root down; empty for the root itself
 */
record EntryPath(List<String> components) {
    static final EntryPath ROOT = new EntryPath(List.of());

    EntryPath {
        components = List.copyOf(components);
    }

    /** The path of an entry named {@code name}. */
    static EntryPath of(String name) {
        if (name.isEmpty()) {
            throw new InvalidLayerException("an entry has an empty name");
        }
        if (name.startsWith("/")) {
            throw new InvalidLayerException("entry '" + name + "' has an absolute path; entries must be relative to"
                    + " the root");
        }
        EntryPath path = normalise(name);
        if (path == null) {
            throw new InvalidLayerException("entry '" + name + "' escapes the root");
        }
        return path;
    }

    /** The target of hard link {@code entryName}, which must name an earlier entry inside the root. */
    static EntryPath linkTarget(String entryName, String target) {
        if (target.isEmpty()) {
            throw new InvalidLayerException("hard link '" + entryName + "' has an empty target");
        }
        if (target.startsWith("/")) {
            throw new InvalidLayerException("hard link '" + entryName + "' points to '" + target
                    + "', an absolute path; it must name an earlier entry of the archive");
        }
        EntryPath path = normalise(target);
        if (path == null) {
            throw new InvalidLayerException("hard link '" + entryName + "' points to '" + target
                    + "', which escapes the root");
        }
        return path;
    }

    /** The normalised path, or null if a {@code ..} climbs above the root. */
    private static @Nullable EntryPath normalise(String name) {
        List<String> components = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (components.isEmpty()) {
                    return null;
                }
                components.removeLast();
            } else {
                components.add(part);
            }
        }
        return new EntryPath(components);
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    int depth() {
        return components.size();
    }

    /** The last component; the root has none. */
    String fileName() {
        return components.isEmpty() ? "" : components.getLast();
    }

    String first() {
        return components.isEmpty() ? "" : components.getFirst();
    }

    EntryPath parent() {
        return components.isEmpty() ? this : new EntryPath(components.subList(0, components.size() - 1));
    }

    EntryPath child(String name) {
        List<String> longer = new ArrayList<>(components);
        longer.add(name);
        return new EntryPath(longer);
    }

    /** Where this entry goes below {@code root}. */
    Path in(Path root) {
        return isRoot() ? root : root.resolve(toString());
    }

    @Override
    public String toString() {
        return isRoot() ? "." : String.join("/", components);
    }
}
