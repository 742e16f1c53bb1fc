package dev.berth.agent.network.proxy;

/** What a {@link UserspaceProxy} runs for its protocol: a bound host socket and the threads that serve it. */
interface Forwarder extends AutoCloseable {

    /** The bound host port. */
    int port();

    /** True once every thread the forwarder started has ended. */
    boolean terminated();

    /** Releases the host port, closes every connection or flow and waits (briefly) for the threads to end. */
    @Override
    void close();
}
