package dev.berth.gateway.it;

/**
 * A gateway started over a schema of its own with the stand-in {@link Upstream} behind every route, a client of it,
 * and its bootstrap platform admin token: what a test class needs, started once and closed once.
 */
record RunningGateway(Upstream upstream, GatewayInstance gateway, Http http, String admin) implements AutoCloseable {

    static RunningGateway start(String name, String... settings) throws Exception {
        Upstream upstream = new Upstream();
        GatewayInstance gateway = new GatewayInstance(name, upstream, settings);
        return new RunningGateway(upstream, gateway, new Http(gateway.url()), gateway.adminToken());
    }

    @Override
    public void close() {
        gateway.close();
        upstream.close();
    }
}
