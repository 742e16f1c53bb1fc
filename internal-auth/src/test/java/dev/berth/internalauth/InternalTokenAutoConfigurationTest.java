package dev.berth.internalauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

class InternalTokenAutoConfigurationTest {
    private final ReactiveWebApplicationContextRunner service = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InternalTokenAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void withoutTheSettingNothingChanges() {
        service.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(InternalToken.class);
            assertThat(context).doesNotHaveBean(InternalTokenFilter.class);
        });
    }

    @Test
    void withItTheTokenIsReadAndRequired() throws Exception {
        Path file = Files.writeString(dir.resolve("internal-token"), InternalTokenTest.VALUE + "\n");

        service.withPropertyValues("berth.internal.token-file=" + file).run(context -> {
            assertThat(context).hasSingleBean(InternalTokenFilter.class);
            assertThat(context.getBean(InternalToken.class).matches(InternalTokenTest.VALUE)).isTrue();
        });
    }

    @Test
    void aMissingFileStopsTheStart() {
        service.withPropertyValues("berth.internal.token-file=" + dir.resolve("missing")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(
                    InvalidInternalTokenException.class.getName() + ": read(" + dir.resolve("missing") + ")");
        });
    }

    @Test
    void outsideAWebServerTheTokenIsThereToSendButNothingFilters() throws Exception {
        Path file = Files.writeString(dir.resolve("internal-token"), InternalTokenTest.VALUE);

        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(InternalTokenAutoConfiguration.class))
                .withPropertyValues("berth.internal.token-file=" + file).run(context -> {
                    assertThat(context).hasSingleBean(InternalToken.class);
                    assertThat(context).doesNotHaveBean(InternalTokenFilter.class);
                });
    }
}
