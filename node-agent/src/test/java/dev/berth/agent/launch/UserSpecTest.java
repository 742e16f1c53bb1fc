package dev.berth.agent.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserSpecTest {
    static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            user:x:1000:1000:user:/home/user:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/bin/false
            """;
    static final String GROUP = """
            root:x:0:
            tty:x:5:
            users:x:100:user
            wheel:x:10:root,user
            user:x:1000:
            """;

    @Test
    void emptyIsRootWithRootsHome() {
        ProcessUser user = UserSpec.parse("").resolve(PASSWD, GROUP);
        assertThat(user.uid()).isZero();
        assertThat(user.gid()).isZero();
        assertThat(user.home()).isEqualTo("/root");
        assertThat(user.additionalGids()).containsExactly(0, 10);
    }

    @Test
    void aNameGivesItsIdsHomeAndGroupMemberships() {
        ProcessUser user = UserSpec.parse("user").resolve(PASSWD, GROUP);
        assertThat(user.uid()).isEqualTo(1000);
        assertThat(user.gid()).isEqualTo(1000);
        assertThat(user.home()).isEqualTo("/home/user");
        assertThat(user.additionalGids()).containsExactly(1000, 100, 10);
    }

    @Test
    void numericIdsNeedNoPasswdEntry() {
        ProcessUser user = UserSpec.parse("4242:4343").resolve(PASSWD, GROUP);
        assertThat(user.uid()).isEqualTo(4242);
        assertThat(user.gid()).isEqualTo(4343);
        assertThat(user.home()).isEqualTo("/");
        assertThat(UserSpec.parse("1000").resolve(PASSWD, GROUP).gid()).isEqualTo(1000);
    }

    @Test
    void aGroupByName() {
        assertThat(UserSpec.parse("user:tty").resolve(PASSWD, GROUP).gid()).isEqualTo(5);
    }

    @Test
    void anUnknownNameIsRefusedClearly() {
        assertThatThrownBy(() -> UserSpec.parse("ghost").resolve(PASSWD, GROUP))
                .isInstanceOf(EntrypointException.class)
                .hasMessageContaining("unable to find user ghost");
        assertThatThrownBy(() -> UserSpec.parse("user:ghosts").resolve(PASSWD, GROUP))
                .hasMessageContaining("unable to find group ghosts");
    }

    @Test
    void malformedSpecsAreRefusedWhenParsed() {
        assertThatThrownBy(() -> UserSpec.parse(":1000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserSpec.parse("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserSpec.parse("root:")).isInstanceOf(IllegalArgumentException.class);
    }
}
