package dev.berth.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The node agent: one per host, running as root, serving its HTTP API on loopback. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NodeAgentApplication {
    public static void main(String[] args) {
        // Netty waits 2 s of quiet before it lets its event loops go; the agent has nothing to drain by then, and a
        // restart (deploy/up.sh) should be quick.
        if (System.getProperty("reactor.netty.ioShutdownQuietPeriod") == null) {
            System.setProperty("reactor.netty.ioShutdownQuietPeriod", "0");
        }
        SpringApplication.run(NodeAgentApplication.class, args);
    }
}
