package dev.berth.scheduler.api;

import dev.berth.scheduler.leader.LeaderElection;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Whether this replica leads: for operators and for the deploy scripts' checks. */
@RestController
final class StatusController {
    private final LeaderElection leader;

    StatusController(LeaderElection leader) {
        this.leader = leader;
    }

    @GetMapping("/internal/v1/leader")
    Map<String, Object> leader() {
        return Map.of("leader", leader.isLeader());
    }
}
