package dev.berth.scheduler.api;

import dev.berth.scheduler.cluster.Node;
import dev.berth.scheduler.cluster.NodeRegistry;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The operators' view of the nodes: list, show, drain and activate. */
@RestController
@RequestMapping("/api/v1/nodes")
final class NodeController {
    private final NodeRegistry nodes;
    private final Blocking blocking;

    NodeController(NodeRegistry nodes, Blocking blocking) {
        this.nodes = nodes;
        this.blocking = blocking;
    }

    @GetMapping
    Mono<List<Node>> list() {
        return blocking.run(nodes::list);
    }

    @GetMapping("/{id}")
    Mono<Node> get(@PathVariable String id) {
        return blocking.run(() -> nodes.get(id));
    }

    @PostMapping("/{id}/drain")
    Mono<Node> drain(@PathVariable String id) {
        return blocking.run(() -> nodes.setDraining(id, true));
    }

    @PostMapping("/{id}/activate")
    Mono<Node> activate(@PathVariable String id) {
        return blocking.run(() -> nodes.setDraining(id, false));
    }
}
