package dev.berth.agent.image;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a container changed, from its writable layer against its image's layers, as {@code docker diff} lists it:
 *
 * <ul>
 *   <li>an entry the image did not have is {@code A}, and so is everything below an added directory;
 *   <li>a file, symlink or FIFO over one of the image's is {@code C}; a directory over one of the image's is {@code C}
 *       when its mode or owner changed or anything inside it did, so the parents of a change show as changed;
 *   <li>a whiteout over one of the image's entries is {@code D}; an opaque directory deletes each of the image's
 *       entries in it (and in its subdirectories) that the layer did not make again.
 * </ul>
 *
 * A directory's modification time is not compared: the runtime's own mountpoints ({@code /etc/hosts}) touch it in
 * every container, and a directory whose content changed is reported anyway. Sorted by path.
 */
final class LayerChanges implements UpperDir.Visitor {
    private final LowerLayers lower;
    private final List<Change> changes = new ArrayList<>();
    private final Deque<Frame> directories = new ArrayDeque<>();

    /**
     * A directory being walked.
     *
     * @param inLowerAsDirectory the image has a directory there, so the entries below are compared with its own
     */
    private static final class Frame {
        final EntryPath path;
        final boolean inLowerAsDirectory;
        final boolean opaque;
        final Set<String> names = new HashSet<>();
        boolean changed;

        Frame(EntryPath path, boolean inLowerAsDirectory, boolean opaque, boolean changed) {
            this.path = path;
            this.inLowerAsDirectory = inLowerAsDirectory;
            this.opaque = opaque;
            this.changed = changed;
        }
    }

    private LayerChanges(LowerLayers lower) {
        this.lower = lower;
        directories.push(new Frame(EntryPath.ROOT, true, false, false));
    }

    static List<Change> of(UpperDir upper, LowerLayers lower) throws IOException {
        LayerChanges walk = new LayerChanges(lower);
        upper.walk(walk);
        walk.finish(walk.directories.pop());
        return walk.changes.stream().sorted(Comparator.comparing(Change::path)).toList();
    }

    @Override
    public boolean visit(UpperDir.Entry entry, UpperDir.Content content) throws IOException {
        Frame parent = directories.getFirst();
        parent.names.add(entry.path().fileName());
        LowerLayers.@Nullable Found below = parent.inLowerAsDirectory ? lower.find(entry.path()) : null;
        if (entry.type() == UpperDir.Type.WHITEOUT) {
            if (below != null) {
                record(Change.Kind.D, entry.path(), parent);
            }
            return false;
        }
        boolean directory = entry.type() == UpperDir.Type.DIRECTORY;
        if (below == null) {
            record(Change.Kind.A, entry.path(), parent);
        } else if (!directory || !below.directory()) {
            record(Change.Kind.C, entry.path(), parent);
        }
        if (directory) {
            boolean overDirectory = below != null && below.directory();
            // Below an opaque directory the image's whole subtree is hidden, so each directory there is opaque too.
            directories.push(new Frame(entry.path(), overDirectory, entry.opaque() || parent.opaque,
                    overDirectory && (entry.opaque() || entry.mode() != below.mode() || entry.uid() != below.uid()
                            || entry.gid() != below.gid())));
        }
        return true;
    }

    @Override
    public void leave(UpperDir.Entry directory) throws IOException {
        Frame frame = directories.pop();
        finish(frame);
        if (frame.inLowerAsDirectory && frame.changed && !frame.path.isRoot()) {
            record(Change.Kind.C, frame.path, directories.getFirst());
        }
    }

    /** An opaque directory hides each of the image's entries that the layer did not make again: deleted. */
    private void finish(Frame frame) throws IOException {
        if (frame.inLowerAsDirectory && frame.opaque) {
            for (String name : lower.children(frame.path)) {
                if (!frame.names.contains(name)) {
                    record(Change.Kind.D, frame.path.child(name), frame);
                }
            }
        }
    }

    private void record(Change.Kind kind, EntryPath path, Frame parent) {
        changes.add(new Change(kind, "/" + path));
        parent.changed = true;
    }
}
