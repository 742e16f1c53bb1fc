package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI through the api-gateway, end to end: {@code bin/berth} against the real gateway jar (its own schema, its
 * bootstrap admin token in a temporary directory) in front of a real scheduler, each user with a home of their own,
 * so that what {@code berth login} writes to {@code ~/.berth/config.json} is what the next verb reads.
 */
class GatewayCliIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ServiceProcess scheduler;
    private static ServiceProcess gateway;
    private static ServiceProcess registry;
    private static Path work;
    private static Path javaHome;
    private static String adminToken;
    private static int homes;

    @BeforeAll
    static void startTheGatewayInFrontOfAScheduler() throws Exception {
        work = Files.createTempDirectory(Files.createDirectories(SourceTree.root().resolve("cli/target/it")),
                "gateway-");
        javaHome = Path.of(System.getProperty("java.home"));
        scheduler = ServiceProcess.schedulerBehindGateway(javaHome.resolve("bin/java"), work.resolve("scheduler"));
        // The registry counts a tenant's image storage, which the quota shows.
        registry = ServiceProcess.registry(javaHome.resolve("bin/java"), work.resolve("registry"));
        gateway = ServiceProcess.gateway(javaHome.resolve("bin/java"), work.resolve("gateway"), "gateway_cli_it",
                scheduler.url(), ServiceProcess.NOWHERE, registry.url());
        adminToken = Files.readString(work.resolve("gateway/admin-token"), StandardCharsets.UTF_8).strip();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** {@code berth} for a user with a home of their own, and no host or token but what they log in with. */
    private static synchronized Cli newUser() throws IOException {
        Path home = Files.createDirectories(work.resolve("home-" + ++homes));
        return new Cli(SourceTree.launcher(), javaHome, Files.createDirectories(work.resolve("cache")),
                Map.of("HOME", home.toString()));
    }

    private static Path configOf(Cli user) {
        return Path.of(user.environment("HOME"), ".berth", "config.json");
    }

    private static CliResult login(Cli user, String token) {
        return user.runWithInput((token + "\n").getBytes(StandardCharsets.UTF_8), "login", gateway.url(),
                "--token-stdin");
    }

    /** A token made by the platform admin: the secret {@code token create} printed. */
    private static String tokenFor(Cli admin, String tenant, String principal, String scopes) {
        CliResult created = admin.run("token", "create", "--tenant", tenant, "--principal", principal, "--scope",
                scopes, "--description", "made by GatewayCliIT");
        assertThat(created.exitCode()).as(created::toString).isZero();
        assertThat(created.out()).matches("berth_[0-9a-f]{16}_\\S+\n");
        assertThat(created.err()).contains("of tenant " + tenant).contains("shown this once");
        return created.out().strip();
    }

    /** {@code name} of each object of a JSON array, as {@code --format json} prints a listing. */
    private static java.util.List<String> field(JsonNode array, String name) {
        assertThat(array.isArray()).as("a JSON array: %s", array).isTrue();
        return array.valueStream().map(item -> item.get(name).asString()).toList();
    }

    private static String idOf(String token) {
        return token.split("_")[1];
    }

    @Test
    void loginWithTheBootstrapTokenWritesTheConfigPrivatelyAndWhoamiAnswers() throws Exception {
        Cli admin = newUser();

        CliResult loggedIn = login(admin, adminToken);

        assertThat(loggedIn.exitCode()).as(loggedIn::toString).isZero();
        assertThat(loggedIn.outLines()).containsExactly("Login Succeeded", "Logged in to " + gateway.url()
                + " as admin of tenant system (scopes read, deploy, admin; platform admin)");
        Path config = configOf(admin);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())))
                .isEqualTo("rwx------");
        JsonNode stored = JSON.readTree(config.toFile());
        assertThat(stored.get("host").asString()).isEqualTo(gateway.url());
        assertThat(stored.get("token").asString()).isEqualTo(adminToken);

        CliResult whoami = admin.run("whoami");
        assertThat(whoami.exitCode()).as(whoami::toString).isZero();
        assertThat(whoami.outLines()).contains("Gateway:         " + gateway.url(), "Tenant:          system",
                "Principal:       admin", "Token:           " + idOf(adminToken), "Platform admin:  yes");
        JsonNode json = JSON.readTree(admin.run("whoami", "--format", "json").requireSuccess().out());
        assertThat(json.get("platformAdmin").asBoolean()).isTrue();
        assertThat(json.get("tenant").asString()).isEqualTo("system");

        CliResult logout = admin.run("logout");
        assertThat(logout.out()).isEqualTo("Removing login credentials for " + gateway.url() + "\n");
        assertThat(JSON.readTree(config.toFile()).has("token")).isFalse();
        CliResult afterwards = admin.run("whoami");
        assertThat(afterwards.exitCode()).isEqualTo(1);
        assertThat(afterwards.err()).isEqualTo("berth: no token: log in with berth login [URL], or set BERTH_TOKEN\n");
    }

    @Test
    void aRefusedTokenIsOneClearLineAndLeavesTheConfigAsItWas() throws Exception {
        Cli user = newUser();
        login(user, adminToken).requireSuccess();
        byte[] before = Files.readAllBytes(configOf(user));

        // Well formed (16 hex digits, 32 bytes of base64url), but never issued.
        CliResult refused = login(user, "berth_00000000000000ff_" + "A".repeat(43));

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("berth: the token was refused (401): unknown token. Log in again with"
                + " berth login.\n");
        assertThat(Files.readAllBytes(configOf(user))).isEqualTo(before);
        assertThat(user.run("whoami").requireSuccess().out()).contains("Tenant:          system");
    }

    @Test
    void aTenantsTokenSeesOnlyItsOwnAppsThroughTheGatewayUntilItIsRevoked() throws Exception {
        Cli admin = newUser();
        login(admin, adminToken).requireSuccess();
        assertThat(admin.run("tenant", "create", "acme").requireSuccess().out()).isEqualTo("acme\n");
        admin.run("tenant", "create", "globex").requireSuccess();
        assertThat(PrintedTable.parse(admin.run("tenant", "ls").requireSuccess().out()).column("NAME"))
                .contains("acme", "globex", "system");
        JsonNode tenants = JSON.readTree(admin.run("tenant", "ls", "--format", "json").requireSuccess().out());
        assertThat(field(tenants, "name")).contains("acme", "globex", "system");

        String acmeToken = tokenFor(admin, "acme", "ci", "read,deploy");
        String globexToken = tokenFor(admin, "globex", "ci", "read,deploy");
        Cli acme = newUser();
        CliResult acmeLogin = login(acme, acmeToken);
        assertThat(acmeLogin.exitCode()).as(acmeLogin::toString).isZero();
        assertThat(acmeLogin.outLines()).containsExactly("Login Succeeded", "Logged in to " + gateway.url()
                + " as ci of tenant acme (scopes read, deploy)");
        Cli globex = newUser();
        login(globex, globexToken).requireSuccess();

        CliResult created = acme.run("app", "create", "shop", "--image", "busybox:1", "--replicas", "0");
        assertThat(created.exitCode()).as(created::toString).isZero();
        assertThat(created.out()).isEqualTo("shop\n");
        globex.run("app", "create", "depot", "--image", "busybox:1", "--replicas", "0").requireSuccess();

        assertThat(acme.run("app", "ls", "-q").requireSuccess().outLines()).containsExactly("shop");
        assertThat(globex.run("app", "ls", "-q").requireSuccess().outLines()).containsExactly("depot");
        JsonNode apps = JSON.readTree(acme.run("app", "ls", "--format", "json").requireSuccess().out());
        assertThat(field(apps, "name")).containsExactly("shop");
        assertThat(JSON.readTree(acme.run("app", "inspect", "shop").requireSuccess().out()).get(0).get("tenant")
                .asString()).isEqualTo("acme");
        CliResult elsewhere = globex.run("app", "inspect", "shop");
        assertThat(elsewhere.exitCode()).isEqualTo(1);
        assertThat(elsewhere.err()).isEqualTo("berth: not found: no app 'shop'\n");
        JsonNode services = JSON.readTree(acme.run("service", "ls", "shop", "--format", "json").requireSuccess()
                .out());
        assertThat(field(services, "name")).containsExactly("web");

        CliResult notAdmin = acme.run("tenant", "ls");
        assertThat(notAdmin.exitCode()).isEqualTo(1);
        assertThat(notAdmin.err()).isEqualTo("berth: the token may not do this (403): this needs an admin token of"
                + " the platform tenant\n");

        String listed = admin.run("token", "ls", "--tenant", "acme", "--format", "json").requireSuccess().out();
        // The secret is what follows berth_<id>_, and may itself hold '_'.
        assertThat(listed).doesNotContain(acmeToken.substring(("berth_" + idOf(acmeToken) + "_").length()));
        JsonNode tokens = JSON.readTree(listed);
        assertThat(field(tokens, "id")).containsExactly(idOf(acmeToken));
        assertThat(tokens.get(0).get("principal").asString()).isEqualTo("ci");
        assertThat(admin.run("token", "revoke", idOf(acmeToken)).requireSuccess().out())
                .isEqualTo(idOf(acmeToken) + "\n");
        assertThat(PrintedTable.parse(admin.run("token", "ls", "--tenant", "acme").requireSuccess().out())
                .row("ID", idOf(acmeToken))).containsEntry("STATUS", "revoked");

        CliResult revoked = acme.run("app", "ls");
        assertThat(revoked.exitCode()).isEqualTo(1);
        assertThat(revoked.err()).isEqualTo("berth: the token was refused (401): the token " + idOf(acmeToken)
                + " was revoked. Log in again with berth login.\n");
        assertThat(globex.run("app", "ls", "-q").requireSuccess().outLines()).containsExactly("depot");
    }

    @Test
    void aQuotaIsSetAndShownAndHoldsTheTenantsAppsWithOneClearLine() throws Exception {
        Cli admin = newUser();
        login(admin, adminToken).requireSuccess();
        admin.run("tenant", "create", "hooli").requireSuccess();
        assertThat(admin.run("quota", "set", "hooli", "--containers", "2", "--memory", "256Mi").requireSuccess()
                .out()).isEqualTo("hooli\n");
        Cli hooli = admin.with(Map.of("BERTH_TOKEN", tokenFor(admin, "hooli", "ci", "read,deploy")));

        PrintedTable shown = PrintedTable.parse(hooli.run("quota", "show").requireSuccess().out());
        assertThat(shown.row("RESOURCE", "containers")).containsEntry("LIMIT", "2").containsEntry("USED", "0");
        assertThat(shown.row("RESOURCE", "memory")).containsEntry("LIMIT", "256Mi");
        assertThat(shown.row("RESOURCE", "cpu")).containsEntry("LIMIT", "-");

        CliResult over = hooli.run("app", "create", "big", "--image", "busybox", "--replicas", "3");
        assertThat(over.exitCode()).as(over::toString).isEqualTo(1);
        assertThat(over.err()).as(over::toString).startsWith("berth: over the tenant's quota (403): the containers"
                + " quota of tenant hooli is 2").hasLineCount(1);
        assertThat(hooli.run("app", "ls", "-q").requireSuccess().out()).doesNotContain("big");

        hooli.run("app", "create", "small", "--image", "busybox", "--replicas", "1").requireSuccess();
        JsonNode json = JSON.readTree(hooli.run("quota", "show", "--format", "json").requireSuccess().out());
        assertThat(json.get("usage").get("containers").asLong()).isEqualTo(1);

        CliResult bad = admin.run("quota", "set", "hooli", "--memory", "lots");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("memory").hasLineCount(1);
        CliResult notAdmin = hooli.run("quota", "set", "hooli", "--containers", "99");
        assertThat(notAdmin.exitCode()).isEqualTo(1);
        assertThat(PrintedTable.parse(admin.run("quota", "show", "hooli").requireSuccess().out())
                .row("RESOURCE", "containers")).containsEntry("LIMIT", "2");
    }

    @Test
    void theEnvironmentsTokenOverridesTheOneInTheConfig() throws Exception {
        Cli admin = newUser();
        login(admin, adminToken).requireSuccess();
        admin.run("tenant", "create", "initech").requireSuccess();
        String initechToken = tokenFor(admin, "initech", "deployer", "read");

        CliResult asInitech = admin.with(Map.of("BERTH_TOKEN", initechToken)).run("whoami");

        assertThat(asInitech.exitCode()).as(asInitech::toString).isZero();
        assertThat(asInitech.outLines()).contains("Tenant:          initech", "Principal:       deployer",
                "Scopes:          read", "Platform admin:  no");
        assertThat(admin.run("whoami").requireSuccess().outLines()).contains("Tenant:          system");
    }

    @Test
    void theNodeListingThroughTheGatewayIsJsonWhenAsked() throws Exception {
        Cli admin = newUser();
        login(admin, adminToken).requireSuccess();

        CliResult nodes = admin.run("node", "ls", "--format", "json");

        assertThat(nodes.exitCode()).as(nodes::toString).isZero();
        assertThat(JSON.readTree(nodes.out()).isArray()).isTrue();
        CliResult table = admin.run("node", "ls", "--format", "table");
        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.err()).startsWith("berth node ls: --format takes \"json\", not \"table\"");
    }
}
