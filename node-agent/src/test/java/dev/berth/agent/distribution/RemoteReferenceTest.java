package dev.berth.agent.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RemoteReferenceTest {
    private static final String DEFAULT = "127.0.0.1:7720";

    @Test
    void aNameWithoutAHostIsInTheDefaultRegistryAndKeepsItsNameLocally() {
        RemoteReference ref = RemoteReference.parse("team/app", DEFAULT);

        assertThat(ref.registry()).isEqualTo(DEFAULT);
        assertThat(ref.repository()).isEqualTo("team/app");
        assertThat(ref.tag()).isEqualTo("latest");
        assertThat(ref.localName()).hasToString("team/app:latest");
        assertThat(ref).hasToString("127.0.0.1:7720/team/app:latest");
    }

    @Test
    void aFirstComponentWithADotAColonOrLocalhostIsAHost() {
        assertThat(RemoteReference.parse("registry.example:5000/app:1", DEFAULT).registry())
                .isEqualTo("registry.example:5000");
        assertThat(RemoteReference.parse("localhost/app", DEFAULT).registry()).isEqualTo("localhost");
        RemoteReference local = RemoteReference.parse("127.0.0.1:5000/a/b:2", DEFAULT);
        assertThat(local.repository()).isEqualTo("a/b");
        assertThat(local.localName()).hasToString("127.0.0.1:5000/a/b:2");
        assertThat(RemoteReference.parse("team/app", DEFAULT).registry()).isEqualTo(DEFAULT);
    }

    @Test
    void aDigestIsWhatTheManifestIsFetchedBy() {
        String digest = "sha256:" + "c".repeat(64);
        RemoteReference byDigest = RemoteReference.parse("app@" + digest, DEFAULT);

        assertThat(byDigest.tag()).isNull();
        assertThat(byDigest.manifestReference()).isEqualTo(digest);
        assertThat(byDigest.localName()).isNull();
        assertThat(RemoteReference.parse("app:1@" + digest, DEFAULT).manifestReference()).isEqualTo(digest);
    }

    @Test
    void malformedReferencesSayWhatIsWrong() {
        assertThatThrownBy(() -> RemoteReference.parse("App", DEFAULT))
                .hasMessageContaining("invalid image reference 'App'").hasMessageContaining("lowercase");
        assertThatThrownBy(() -> RemoteReference.parse("app@sha256:xyz", DEFAULT))
                .hasMessageContaining("invalid sha256 digest");
        assertThatThrownBy(() -> RemoteReference.parse(" ", DEFAULT)).hasMessageContaining("is required");
        assertThatThrownBy(() -> RemoteReference.parse("app:-bad", DEFAULT)).hasMessageContaining("invalid tag");
    }

    @Test
    void loopbackRegistriesAreSpokenToOverPlainHttp() {
        assertThat(RegistryClient.isLoopback("127.0.0.1:7720")).isTrue();
        assertThat(RegistryClient.isLoopback("localhost:5000")).isTrue();
        assertThat(RegistryClient.isLoopback("[::1]:5000")).isTrue();
        assertThat(RegistryClient.isLoopback("registry.example:5000")).isFalse();
        assertThat(RegistryClient.isLoopback("10.0.0.1")).isFalse();
    }
}
