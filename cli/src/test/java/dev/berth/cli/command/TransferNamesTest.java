package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransferNamesTest {

    @Test
    void theTagAndRepositoryOfAReferenceAsTheAgentReportsIt() {
        assertThat(PullCommand.tagOf("127.0.0.1:7720/team/app:1")).isEqualTo("1");
        assertThat(PullCommand.repositoryOf("127.0.0.1:7720/team/app:1")).isEqualTo("127.0.0.1:7720/team/app");
        String digest = "sha256:" + "d".repeat(64);
        assertThat(PullCommand.tagOf("127.0.0.1:7720/app@" + digest)).isEqualTo(digest);
        assertThat(PullCommand.repositoryOf("127.0.0.1:7720/app@" + digest)).isEqualTo("127.0.0.1:7720/app");
        assertThat(PullCommand.tagOf("localhost/app")).isEqualTo("latest");
    }
}
