package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.api.TransferStep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferViewTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static TransferStep resolved() {
        return new TransferStep("resolved", null, null, null,
                List.of(new TransferStep.Layer(A, 100, true), new TransferStep.Layer(B, 1_000_000, false)),
                null, "127.0.0.1:7720/app:1", "sha256:" + "c".repeat(64), null);
    }

    private static TransferStep step(String status, String layer, Long current, Long total) {
        return new TransferStep(status, layer, current, total, null, null, null, null, null);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalEachLayerPrintsALinePerStateAndNoByteCounts() {
        TransferView view = new TransferView(out, false, TransferView.Direction.PULL);

        view.accept(resolved());
        view.accept(step("downloading", B, 0L, 1_000_000L));
        view.accept(step("downloading", B, 500_000L, 1_000_000L));
        view.accept(step("downloading", B, 1_000_000L, 1_000_000L));
        view.accept(step("extracting", B, null, null));
        view.accept(step("complete", B, null, null));

        assertThat(printed()).isEqualTo("""
                aaaaaaaaaaaa: Already exists
                bbbbbbbbbbbb: Pulling fs layer
                bbbbbbbbbbbb: Downloading
                bbbbbbbbbbbb: Extracting
                bbbbbbbbbbbb: Pull complete
                """);
        assertThat(view.moved()).isTrue();
    }

    @Test
    void onATerminalTheLinesAreRedrawnInPlaceWithABar() {
        TransferView view = new TransferView(out, true, TransferView.Direction.PULL);

        view.accept(resolved());
        view.accept(step("downloading", B, 500_000L, 1_000_000L));

        String screen = printed();
        String secondDraw = screen.substring(screen.indexOf("\033[2A"));
        assertThat(secondDraw).isEqualTo("\033[2A"
                + "\r\033[2Kaaaaaaaaaaaa: Already exists\n"
                + "\r\033[2Kbbbbbbbbbbbb: Downloading [" + "=".repeat(25) + ">" + " ".repeat(24) + "]  500kB/1MB\n");
    }

    @Test
    void aPushUsesDockersWordsAndAPullOfLayersPresentMovesNothing() {
        TransferView push = new TransferView(out, false, TransferView.Direction.PUSH);
        push.accept(new TransferStep("preparing", null, null, null, List.of(new TransferStep.Layer(A, 100, null)),
                null, null, null, null));
        push.accept(step("exists", A, null, null));

        assertThat(printed()).isEqualTo("aaaaaaaaaaaa: Preparing\naaaaaaaaaaaa: Layer already exists\n");
        TransferView pull = new TransferView(out, false, TransferView.Direction.PULL);
        pull.accept(resolved());
        assertThat(pull.moved()).isFalse();
    }
}
