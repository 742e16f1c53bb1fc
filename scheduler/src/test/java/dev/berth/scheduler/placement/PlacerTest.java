package dev.berth.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scheduler.spec.Constraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PlacerTest {
    static final long GIB = 1L << 30;

    static NodeState node(String id, long cpu, long memory, Map<String, String> labels) {
        return new NodeState(id, labels, new Resources(cpu, memory, 1000), Resources.NONE, Set.of(), 1024, 65535,
                Set.of(), true, false, 0);
    }

    static PlacementRequest request(long cpu, long memory, List<Integer> ports, List<Constraint> constraints,
                                    @Nullable String spread, Map<String, Integer> byNode) {
        return new PlacementRequest("svc", new Resources(cpu, memory, 10), ports, constraints, spread, "nginx:1",
                byNode);
    }

    /** Places {@code count} replicas one after another, as a placement round does; the chosen node ids. */
    static List<String> placeMany(Placer placer, List<NodeState> nodes, int count, @Nullable String spread) {
        Map<String, NodeState> working = new LinkedHashMap<>();
        nodes.forEach(n -> working.put(n.id(), n));
        Map<String, Integer> byNode = new HashMap<>();
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PlacementRequest request = request(500, GIB, List.of(), List.of(), spread, byNode);
            PlacementResult result = placer.place(working.values(), request);
            assertThat(result).isInstanceOf(PlacementResult.Placed.class);
            NodeState node = ((PlacementResult.Placed) result).node();
            working.put(node.id(), node.with(request.demand(), List.of()));
            byNode.merge(node.id(), 1, Integer::sum);
            chosen.add(node.id());
        }
        return chosen;
    }

    static List<NodeState> threeNodes() {
        return List.of(node("n1", 4000, 8 * GIB, Map.of("zone", "a")), node("n2", 4000, 8 * GIB, Map.of("zone", "b")),
                node("n3", 4000, 8 * GIB, Map.of("zone", "c")));
    }

    @Test
    void binPackFillsOneNodeFirst() {
        List<String> chosen = placeMany(Placer.standard(Placer.Strategy.BINPACK), threeNodes(), 3, null);
        assertThat(chosen).containsOnly(chosen.getFirst());
    }

    @Test
    void spreadStrategyPutsThreeReplicasOnThreeNodes() {
        List<String> chosen = placeMany(Placer.standard(Placer.Strategy.SPREAD), threeNodes(), 3, null);
        assertThat(new HashSet<>(chosen)).hasSize(3);
    }

    @Test
    void aSpreadLabelOutweighsBinPacking() {
        List<NodeState> nodes = List.of(node("a1", 4000, 8 * GIB, Map.of("zone", "a")),
                node("a2", 4000, 8 * GIB, Map.of("zone", "a")), node("b1", 4000, 8 * GIB, Map.of("zone", "b")));
        List<String> chosen = placeMany(Placer.standard(Placer.Strategy.BINPACK), nodes, 2, "node.labels.zone");
        assertThat(chosen).contains("b1").hasSize(2);
        assertThat(chosen.stream().filter(id -> id.startsWith("a")).count()).isEqualTo(1);
    }

    @Test
    void nothingFitsGivesAReasonPerNode() {
        List<NodeState> nodes = new ArrayList<>(List.of(node("small", 4000, GIB, Map.of()),
                node("busy", 4000, 8 * GIB, Map.of())));
        NodeState down = node("down", 4000, 8 * GIB, Map.of());
        nodes.add(new NodeState("down", Map.of(), down.capacity(), Resources.NONE, Set.of(), 1024, 65535, Set.of(),
                false, false, 0));
        nodes.add(new NodeState("draining", Map.of(), down.capacity(), Resources.NONE, Set.of(), 1024, 65535,
                Set.of(), true, true, 0));
        nodes.set(1, nodes.get(1).with(new Resources(3800, GIB, 0), List.of()));
        PlacementResult result = Placer.standard(Placer.Strategy.BINPACK).place(nodes,
                request(500, 2 * GIB, List.of(), List.of(), null, Map.of()));
        assertThat(result).isInstanceOf(PlacementResult.PlacementFailure.class);
        Map<String, String> reasons = ((PlacementResult.PlacementFailure) result).reasons();
        assertThat(reasons).containsOnlyKeys("small", "busy", "down", "draining");
        assertThat(reasons.get("small")).startsWith("insufficient memory");
        assertThat(reasons.get("busy")).startsWith("insufficient cpu");
        assertThat(reasons.get("down")).isEqualTo("node is down");
        assertThat(reasons.get("draining")).isEqualTo("node is draining");
        assertThat(((PlacementResult.PlacementFailure) result).message()).startsWith("0/4 nodes fit:");
    }

    @Test
    void constraintsEqualAndNotEqual() {
        Placer placer = Placer.standard(Placer.Strategy.BINPACK);
        List<NodeState> nodes = threeNodes();
        PlacementResult eq = placer.place(nodes, request(100, GIB, List.of(),
                List.of(Objects.requireNonNull(Constraint.parse("node.labels.zone == b"))), null, Map.of()));
        assertThat(((PlacementResult.Placed) eq).node().id()).isEqualTo("n2");
        PlacementResult ne = placer.place(nodes, request(100, GIB, List.of(),
                List.of(Objects.requireNonNull(Constraint.parse("node.labels.zone != a")),
                        Objects.requireNonNull(Constraint.parse("node.id != n2"))), null, Map.of()));
        assertThat(((PlacementResult.Placed) ne).node().id()).isEqualTo("n3");
        PlacementResult none = placer.place(nodes, request(100, GIB, List.of(),
                List.of(Objects.requireNonNull(Constraint.parse("node.labels.disk == ssd"))), null, Map.of()));
        assertThat(((PlacementResult.PlacementFailure) none).reasons().get("n1"))
                .contains("node.labels.disk == ssd").contains("not set");
    }

    @Test
    void hostPortsConflictAndRange() {
        Filter ports = new Filters.PortsFree();
        NodeState node = node("n", 1000, GIB, Map.of()).with(Resources.NONE, List.of(8080));
        assertThat(ports.reject(node, request(1, 1, List.of(8080), List.of(), null, Map.of())))
                .isEqualTo("host port 8080 is taken");
        assertThat(ports.reject(node, request(1, 1, List.of(8081), List.of(), null, Map.of()))).isNull();
        assertThat(ports.reject(node, request(1, 1, List.of(80), List.of(), null, Map.of())))
                .contains("outside the node's range");
    }

    @Test
    void resourcesFitCountsCpuMemoryAndPids() {
        Filter fit = new Filters.ResourcesFit();
        NodeState node = new NodeState("n", Map.of(), new Resources(1000, GIB, 20), new Resources(500, 0, 5),
                Set.of(), 1, 65535, Set.of(), true, false, 0);
        assertThat(fit.reject(node, request(500, GIB, List.of(), List.of(), null, Map.of()))).isNull();
        assertThat(fit.reject(node, request(501, 1, List.of(), List.of(), null, Map.of()))).startsWith(
                "insufficient cpu");
        assertThat(fit.reject(node, request(1, GIB + 1, List.of(), List.of(), null, Map.of()))).startsWith(
                "insufficient memory");
        PlacementRequest pids = new PlacementRequest("s", new Resources(1, 1, 16), List.of(), List.of(), null, "i",
                Map.of());
        assertThat(fit.reject(node, pids)).startsWith("insufficient pids");
    }

    @Test
    void scorers() {
        NodeState empty = node("empty", 1000, GIB, Map.of());
        NodeState half = empty.with(new Resources(500, GIB / 2, 0), List.of());
        PlacementRequest request = request(100, GIB / 10, List.of(), List.of(), null, Map.of("busy", 2));
        assertThat(new Scorers.BinPack().prepare(request, List.of()).score(half))
                .isGreaterThan(new Scorers.BinPack().prepare(request, List.of()).score(empty));
        assertThat(new Scorers.LeastAllocated().prepare(request, List.of()).score(empty))
                .isGreaterThan(new Scorers.LeastAllocated().prepare(request, List.of()).score(half));
        Scorer.Scoring spread = new Scorers.Spread("node.id").prepare(request, List.of());
        assertThat(spread.score(empty)).isEqualTo(1.0);
        assertThat(spread.score(node("busy", 1000, GIB, Map.of()))).isEqualTo(1.0 / 3);
        NodeState cached = new NodeState("c", Map.of(), empty.capacity(), Resources.NONE, Set.of(), 1, 65535,
                Set.of("nginx:1"), true, false, 0);
        Scorer.Scoring locality = new Scorers.ImageLocality().prepare(request, List.of());
        assertThat(locality.score(cached)).isEqualTo(1.0);
        assertThat(locality.score(empty)).isEqualTo(0.0);
    }

    @Test
    void imageLocalityBreaksTies() {
        NodeState plain = node("a", 1000, GIB, Map.of());
        NodeState cached = new NodeState("b", Map.of(), plain.capacity(), Resources.NONE, Set.of(), 1, 65535,
                Set.of("nginx:1"), true, false, 0);
        PlacementResult result = Placer.standard(Placer.Strategy.BINPACK).place(List.of(plain, cached),
                request(100, 1, List.of(), List.of(), null, Map.of()));
        assertThat(((PlacementResult.Placed) result).node().id()).isEqualTo("b");
    }
}
