package dev.berth.agent.launch;

/**
 * What gives a container's network namespace its interfaces. The launcher thread calls it around its unshare: a
 * netlink socket opened before belongs to the host's namespace, one opened after to the container's, so one thread
 * can plumb both ends of a veth pair without entering any namespace twice.
 */
public interface NetworkSetup {

    /** {@code --network none}: a namespace of its own, with loopback only. */
    NetworkSetup LOOPBACK_ONLY = new NetworkSetup() {};

    /** {@code --network host}: no network namespace of its own. */
    NetworkSetup HOST = new NetworkSetup() {
        @Override
        public boolean sharesHostNamespace() {
            return true;
        }
    };

    default boolean sharesHostNamespace() {
        return false;
    }

    /** On the launcher thread, still in the host's network namespace. */
    default void beforeUnshare() {}

    /** On the launcher thread, now in the container's new network namespace, with loopback up. */
    default void inContainerNamespace() {}

    /** Releases what {@link #beforeUnshare} took, whether the launch went on or not; on the launcher thread. */
    default void release() {}
}
