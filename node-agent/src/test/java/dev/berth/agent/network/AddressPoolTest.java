package dev.berth.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class AddressPoolTest {
    private static final Network NET = new Network("a".repeat(64), "small", Subnet.parse("10.5.0.0/29"),
            Ipv4.parse("10.5.0.1"), "berth-aaaaaaaaa", Instant.EPOCH, false);

    @TempDir
    Path dir;

    private AddressPool pool(NetworkStore store) {
        return new AddressPool(NET, store.leases(NET.id()), leases -> store.saveLeases(NET.id(), leases));
    }

    @Test
    void leasesSkipTheGatewayNetworkAndBroadcastAndAreNeverHandedOutTwice() {
        AddressPool pool = pool(new NetworkStore(dir, JsonMapper.builder().build()));
        List<String> leased = new ArrayList<>();
        for (String id : List.of("c1", "c2", "c3", "c4", "c5")) {
            leased.add(pool.lease(id).toString());
        }
        assertThat(leased).containsExactly("10.5.0.2", "10.5.0.3", "10.5.0.4", "10.5.0.5", "10.5.0.6");
        assertThat(pool.lease("c3")).as("a holder asking again keeps its address").isEqualTo(Ipv4.parse("10.5.0.4"));
        assertThatThrownBy(() -> pool.lease("c6")).isInstanceOf(NetworkConflictException.class)
                .hasMessage("network small has no free address: its subnet 10.5.0.0/29 is full");
    }

    @Test
    void aReleasedAddressComesBackOnlyAfterTheRestOfTheSubnet() {
        AddressPool pool = pool(new NetworkStore(dir, JsonMapper.builder().build()));
        pool.lease("c1");
        pool.lease("c2");
        pool.release("c1");
        assertThat(pool.lease("c3")).isEqualTo(Ipv4.parse("10.5.0.4"));
        pool.lease("c4");
        pool.lease("c5");
        assertThat(pool.lease("c6")).as("wrapped round").isEqualTo(Ipv4.parse("10.5.0.2"));
    }

    @Test
    void leasesSurviveAReloadAndReconcileWithTheContainersThatExist() {
        NetworkStore store = new NetworkStore(dir, JsonMapper.builder().build());
        AddressPool first = pool(store);
        first.lease("kept");
        first.lease("gone");

        AddressPool second = pool(new NetworkStore(dir, JsonMapper.builder().build()));
        assertThat(second.leases()).isEqualTo(Map.of("10.5.0.2", "kept", "10.5.0.3", "gone"));
        assertThat(second.retainOnly(Set.of("kept"))).isEqualTo(1);
        second.restore(Ipv4.parse("10.5.0.6"), "lost-in-a-crash");
        assertThat(second.lease("new")).as("continues after the last one handed out").isEqualTo(
                Ipv4.parse("10.5.0.4"));

        assertThat(pool(store).leases()).isEqualTo(Map.of("10.5.0.2", "kept", "10.5.0.6", "lost-in-a-crash",
                "10.5.0.4", "new"));
    }
}
