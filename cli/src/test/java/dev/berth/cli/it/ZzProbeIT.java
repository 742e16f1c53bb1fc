package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealAgent.class)
class ZzProbeIT {
    @Test
    void fails(Cli berth) {
        CliResult r = berth.run("run", "--rm", "busybox", "echo", "hi");
        assertThat(r.out()).as(r::toString).isEqualTo("bye\n");
    }
}
