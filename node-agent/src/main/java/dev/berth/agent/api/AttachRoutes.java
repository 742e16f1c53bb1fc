package dev.berth.agent.api;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/** The WebSocket endpoints, ahead of the annotated controllers. */
@Configuration(proxyBeanMethods = false)
class AttachRoutes {

    @Bean
    HandlerMapping attachMapping(AttachHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of("/v1/containers/*/attach", handler, "/v1/exec/*/attach", handler),
                -1);
    }
}
