package dev.berth.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EtcFilesTest {
    @Test
    void loopbackNameserversAreDroppedSinceTheyMeanNothingInAnotherNetworkNamespace() {
        String conf = EtcFiles.resolvConf(List.of("search example.org", "nameserver 127.0.0.53", "nameserver ::1",
                "nameserver 10.0.0.2", "options edns0"));

        assertThat(conf).isEqualTo("search example.org\nnameserver 10.0.0.2\noptions edns0\n");
    }

    @Test
    void mergingEnvLetsTheCallerOverrideTheImage() {
        assertThat(ContainerRuntime.mergeEnv(List.of("PATH=/bin", "A=1"), List.of("A=2", "B=3")))
                .containsExactly("PATH=/bin", "A=2", "B=3");
    }
}
