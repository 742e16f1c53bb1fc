package dev.berth.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The API gateway on 127.0.0.1:7750: authenticates each request, scopes it to a tenant and routes it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {
    public static void main(String[] args) {
        // Netty waits 2 s of quiet before it lets its event loops go; a restart (deploy/up.sh) should be quick.
        if (System.getProperty("reactor.netty.ioShutdownQuietPeriod") == null) {
            System.setProperty("reactor.netty.ioShutdownQuietPeriod", "0");
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
