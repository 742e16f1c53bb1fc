package dev.berth.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.gateway.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The arithmetic of a tenant's demand: replicas times requests, summed, with the changed service replaced. */
class DemandTest {
    private static final String SCHEDULER = """
            [{"name":"shop","services":[
               {"name":"web","spec":{"replicas":3,
                                     "resources":{"cpu":{"request":"250m"},"memory":{"request":"268435456"}}}},
               {"name":"db","spec":{"replicas":1,
                                    "resources":{"cpu":{"request":"2000m"},"memory":{"request":"1073741824"}}}}]},
             {"name":"blog","services":[
               {"name":"web","spec":{"replicas":0,
                                     "resources":{"cpu":{"request":"500m"},"memory":{"request":"67108864"}}}}]}]
            """;

    private static TenantApps apps() {
        return TenantApps.fromScheduler(json(SCHEDULER));
    }

    @Test
    void theDemandIsReplicasTimesRequestsOverEveryService() {
        assertThat(apps().demand()).isEqualTo(new Demand(3 * 250 + 2000, 3 * (256L << 20) + (1L << 30), 4));
        assertThat(TenantApps.NONE.demand()).isEqualTo(Demand.NONE);
    }

    @Test
    void aSpecWithoutRequestsOrReplicasAsksForTheSchedulersDefaults() {
        assertThat(ServiceDemand.of(json("{\"image\":\"x\"}"), "")).isEqualTo(new ServiceDemand(1, 100, 64L << 20));
        assertThat(ServiceDemand.of(json("{\"replicas\":2,\"resources\":{\"cpu\":{\"limit\":\"4\"},"
                + "\"memory\":{\"request\":\"1Gi\"}}}"), "")).isEqualTo(new ServiceDemand(2, 100, 1L << 30));
        assertThat(ServiceDemand.of(json("{\"resources\":{\"cpu\":{\"request\":0.5}}}"), "").cpuMilli())
                .isEqualTo(500);
    }

    @Test
    void aServicePutReplacesItsOldSelfOrAddsItself() {
        AppChange put = change("PUT", "/api/v1/apps/shop/services/web",
                "{\"replicas\":4,\"resources\":{\"cpu\":{\"request\":\"1\"},\"memory\":{\"request\":\"256Mi\"}}}");
        assertThat(put.apply(apps()).demand()).isEqualTo(new Demand(4000 + 2000, 4 * (256L << 20) + (1L << 30), 5));
        AppChange added = change("PUT", "/api/v1/apps/shop/services/cache", "{\"replicas\":2}");
        assertThat(added.apply(apps()).demand()).isEqualTo(apps().demand().plus(new Demand(200, 128L << 20, 2)));
    }

    @Test
    void aScaleKeepsTheServicesRequestsAndReplacesItsReplicas() {
        AppChange scale = change("POST", "/api/v1/apps/shop/services/web/scale", "{\"replicas\":1}");
        assertThat(scale).isEqualTo(new AppChange.Scale("shop", "web", 1));
        assertThat(scale.apply(apps()).demand()).isEqualTo(new Demand(250 + 2000, (256L << 20) + (1L << 30), 2));
        AppChange unknown = change("POST", "/api/v1/apps/shop/services/nope/scale", "{\"replicas\":9}");
        assertThat(unknown.apply(apps())).isEqualTo(apps());
    }

    @Test
    void aNewAppAddsItsServicesAndAnExistingOneAddsNothing() {
        AppChange create = change("POST", "/api/v1/apps",
                "{\"name\":\"jobs\",\"services\":{\"a\":{\"replicas\":2},"
                        + "\"b\":{\"resources\":{\"cpu\":{\"request\":\"1\"}}}}}");
        assertThat(create.apply(apps()).demand())
                .isEqualTo(apps().demand().plus(new Demand(200 + 1000, 3 * (64L << 20), 3)));
        AppChange again = change("POST", "/api/v1/apps", "{\"name\":\"shop\",\"services\":{\"a\":{\"replicas\":9}}}");
        assertThat(again.apply(apps())).isEqualTo(apps());
    }

    @Test
    void aDeployKeepsTheDemand() {
        AppChange deploy = change("POST", "/api/v1/apps/shop/deploy", "{\"image\":\"x:2\"}");
        assertThat(deploy.apply(apps()).demand()).isEqualTo(apps().demand());
    }

    @Test
    void aRollbackTakesTheTargetVersionsSpecInPlaceOfTheCurrent() {
        TenantApps apps = TenantApps.fromScheduler(json("""
                [{"name":"blog","services":[{"name":"web","version":3,"spec":{"replicas":1}}]},
                 {"name":"shop","services":[{"name":"web","version":2,"spec":{"replicas":1}},
                                            {"name":"db","version":1,"spec":{"replicas":1}}]}]
                """));
        JsonNode versions = json("""
                [{"version":1,"spec":{"replicas":4}},{"version":2,"spec":{"replicas":2}},
                 {"version":3,"spec":{"replicas":1}}]
                """);
        AppChange.Rollback byDefault = (AppChange.Rollback) change("POST", "/api/v1/apps/blog/rollback", "");
        assertThat(byDefault).isEqualTo(new AppChange.Rollback("blog", null, null));
        assertThat(byDefault.target(apps)).hasValue(java.util.Map.entry("web", 2));
        assertThat(byDefault.apply(apps, versions).demand().containers()).isEqualTo(2 + 2);
        AppChange.Rollback toFirst = (AppChange.Rollback) change("POST", "/api/v1/apps/blog/rollback",
                "{\"version\":1}");
        assertThat(toFirst.apply(apps, versions).demand().containers()).isEqualTo(4 + 2);

        // What the scheduler refuses is counted as no change: a version not before the current, an app of two
        // services without the service named, an unknown app.
        assertThat(new AppChange.Rollback("blog", "web", 3).target(apps)).isEmpty();
        assertThat(new AppChange.Rollback("shop", null, null).target(apps)).isEmpty();
        assertThat(new AppChange.Rollback("shop", "web", null).target(apps)).hasValue(java.util.Map.entry("web", 1));
        assertThat(new AppChange.Rollback("nope", null, null).apply(apps, versions)).isEqualTo(apps);
        assertThat(new AppChange.Rollback("blog", "web", 9).apply(apps, versions)).isEqualTo(apps);
    }

    @Test
    void readsAndDeletesChangeNothing() {
        assertThat(AppChange.mayChange("GET", "/api/v1/apps")).isFalse();
        assertThat(AppChange.mayChange("DELETE", "/api/v1/apps/shop")).isFalse();
        assertThat(AppChange.mayChange("POST", "/api/v1/apps/shop/rollback")).isTrue();
        assertThat(AppChange.mayChange("PUT", "/api/v1/apps/shop/services/web/scale")).isFalse();
        assertThat(AppChange.of("GET", "/api/v1/apps/shop", new byte[0])).isEmpty();
    }

    @Test
    void aBodyThatCannotBeCountedIsAnInvalidRequestNamingTheField() {
        assertThatThrownBy(() -> change("PUT", "/api/v1/apps/shop/services/web",
                "{\"resources\":{\"memory\":{\"request\":\"lots\"}}}"))
                .isInstanceOf(GatewayException.class).hasMessageContaining("resources.memory.request");
        assertThatThrownBy(() -> change("POST", "/api/v1/apps",
                "{\"name\":\"x\",\"services\":{\"w\":{\"replicas\":-1}}}"))
                .hasMessageContaining("services.w.replicas");
        assertThatThrownBy(() -> change("POST", "/api/v1/apps/shop/services/web/scale", "{\"replicas\":\"3\"}"))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> change("POST", "/api/v1/apps", "not json")).hasMessageContaining("not JSON");
    }

    private static AppChange change(String method, String path, String body) {
        return AppChange.of(method, path, body.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    private static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }
}
