package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.security.auth.module.UnixSystem;

/** Integration tests need root; without it they fail, loudly, rather than skip. */
public final class Root {
    private Root() {}

    public static void require() {
        assertThat(new UnixSystem().getUid())
                .as("this integration test needs root (namespaces, mounts, cgroups); run deploy/test.sh as root")
                .isZero();
    }
}
