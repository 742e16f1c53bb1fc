package dev.berth.scheduler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The scheduler: the tenant API and the node agents' API on loopback, behind the gateway. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SchedulerApplication {
    public static void main(String[] args) {
        // Netty waits 2 s of quiet before it lets its event loops go; a restart (deploy/up.sh) should be quick.
        if (System.getProperty("reactor.netty.ioShutdownQuietPeriod") == null) {
            System.setProperty("reactor.netty.ioShutdownQuietPeriod", "0");
        }
        SpringApplication.run(SchedulerApplication.class, args);
    }
}
