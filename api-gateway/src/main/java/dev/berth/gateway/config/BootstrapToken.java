package dev.berth.gateway.config;

import dev.berth.gateway.tenant.PrincipalKind;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.tenant.TenantStore;
import dev.berth.gateway.token.IssuedToken;
import dev.berth.gateway.token.Scope;
import dev.berth.gateway.token.TokenRequest;
import dev.berth.gateway.token.TokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * The first token. On start, when no valid admin token of the platform tenant ({@code system}) exists and the
 * bootstrap file does not exist either, a token for the user {@code admin} of that tenant, with every scope and no
 * expiry, is issued and written to the file (mode 600). An existing file is never overwritten: delete it, and revoke
 * its token, to have a new one made.
 */
public final class BootstrapToken implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BootstrapToken.class);

    private final TenantStore tenants;
    private final TokenStore tokens;
    private final Path file;
    private final Clock clock;

    public BootstrapToken(TenantStore tenants, TokenStore tokens, Path file, Clock clock) {
        this.tenants = tenants;
        this.tokens = tokens;
        this.file = file;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        tenants.ensure(TenantName.PLATFORM);
        if (tokens.platformAdminExists(clock.instant())) {
            return;
        }
        if (Files.exists(file)) {
            log.warn("no valid platform admin token is stored, but {} exists: it is left alone; delete it and restart"
                    + " to have a new admin token written there", file);
            return;
        }
        IssuedToken issued = tokens.issue(new TokenRequest(TenantName.PLATFORM, "admin", PrincipalKind.USER,
                EnumSet.allOf(Scope.class), "bootstrap", null));
        write(issued.token().text() + "\n");
        log.info("a platform admin token ({}) was written to {}", issued.token().id(), file);
    }

    private void write(String content) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".admin-token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temporary, content, StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap admin token to " + file + ": " + e.getMessage(),
                    e);
        }
    }
}
