package dev.berth.agent.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecRequestTest {

    @Test
    void aCommandIsRequired() {
        assertThatThrownBy(() -> new ExecRequest(List.of(), List.of(), null, null, false, false, false))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("needs a command");
        assertThatThrownBy(() -> new ExecRequest(List.of(""), List.of(), null, null, false, false, false))
                .isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void environmentEntriesMustBeKeyValue() {
        assertThatThrownBy(() -> new ExecRequest(List.of("ls"), List.of("NOEQUALS"), null, null, false, false, false))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("is not KEY=value");
    }

    @Test
    void theWorkingDirectoryMustBeAbsoluteAndEmptyMeansTheContainers() {
        assertThatThrownBy(() -> new ExecRequest(List.of("ls"), List.of(), "tmp", null, false, false, false))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("absolute");
        assertThat(new ExecRequest(List.of("ls"), List.of(), "", null, false, false, false).workingDir()).isNull();
    }

    @Test
    void aDetachedExecTakesNoStdin() {
        assertThatThrownBy(() -> new ExecRequest(List.of("cat"), List.of(), null, null, true, false, true))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("detached");
    }

    @Test
    void loggingStdinNeedsAnOpenStdin() {
        assertThatThrownBy(() -> new ContainerStdio(false, true, true))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("open stdin");
    }
}
