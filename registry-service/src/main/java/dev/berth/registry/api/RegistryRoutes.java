package dev.berth.registry.api;

import dev.berth.registry.Limits;
import dev.berth.registry.blob.Blobs;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.manifest.Manifests;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.upload.Uploads;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v2/} as one functional route: repository names span several path segments, which annotated mappings
 * cannot match in the middle of a path, so {@link V2Route} reads the path instead.
 */
@Configuration(proxyBeanMethods = false)
class RegistryRoutes {

    @Bean(destroyMethod = "close")
    RegistrySchedulers registrySchedulers(RegistryProperties properties) {
        return RegistrySchedulers.create(properties.limits().maxConcurrentUploads());
    }

    @Bean
    RouterFunction<ServerResponse> v2Routes(Manifests manifests, Blobs blobs, Uploads uploads, Catalog catalog,
                                            Limits limits, RegistrySchedulers schedulers, RegistryMetrics metrics) {
        JsonMapper json = JsonMapper.builder().build();
        V2Router router = new V2Router(new ManifestHandler(manifests, limits, schedulers),
                new BlobHandler(blobs, schedulers, metrics), new UploadHandler(uploads, blobs, schedulers),
                new DiscoveryHandler(catalog, manifests, schedulers, json));
        return RouterFunctions.route(RequestPredicates.path("/v2").or(RequestPredicates.path("/v2/**")),
                router::route).filter(new OciErrors(json, metrics));
    }
}
