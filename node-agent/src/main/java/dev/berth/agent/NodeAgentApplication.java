package dev.berth.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The node agent: one per host, running as root, serving its HTTP API on loopback. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NodeAgentApplication {
    public static void main(String[] args) {
        SpringApplication.run(NodeAgentApplication.class, args);
    }
}
