package dev.berth.agent.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code nft -f -} from Debian's nftables package. Each script is one kernel transaction: it applies whole or not
 * at all, so the table is never seen half-changed.
 */
final class Nftables {
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft");

    private final String binary;

    private Nftables(String binary) {
        this.binary = binary;
    }

    /** The nft binary, if installed. */
    static Optional<Nftables> find() {
        return SEARCH_PATH.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().map(Nftables::new);
    }

    void apply(String script) {
        Process process;
        try {
            process = new ProcessBuilder(binary, "-f", "-").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(script.getBytes(StandardCharsets.UTF_8));
            }
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = process.waitFor();
            if (status != 0) {
                throw new NetworkException("nftables refused the change (nft exit " + status + "): " + errors);
            }
        } catch (IOException e) {
            throw new NetworkException("cannot run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException("interrupted while running nft");
        }
    }
}
