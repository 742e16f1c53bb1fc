package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code berth app create NAME}: an app from a spec file ({@code -f}: {@code {"services": {...}}} or the whole
 * create body; {@code -f -} reads stdin), or of one service from flags ({@code --image} and Docker's run flags).
 * Prints the app's name, as {@code docker service create} prints the service's id.
 */
public final class AppCreateCommand implements Command {

    private static final String DEFAULT_SERVICE = "web";

    private static final CommandSpec SPEC = CommandSpec.verb(AppCommand.NAME + " create", "[OPTIONS] NAME",
                    "Create an app from a spec file, or of one service from flags")
            .flags(ClusterFlags.with(
                    Flag.value("file", 'f', "string", "Spec file: {\"services\": {NAME: SPEC}} ('-' for stdin)"),
                    Flag.value("image", null, "string", "Image of the app's one service"),
                    Flag.value("service", null, "string", "Name of that service (default \"web\")"),
                    Flag.value("replicas", null, "int", "Number of replicas (default 1)"),
                    Flag.list("env", 'e', "Set environment variables"),
                    Flag.value("cpus", null, "decimal", "CPUs reserved and allowed per replica"),
                    Flag.value("memory", 'm', "bytes", "Memory reserved and allowed per replica"),
                    Flag.list("publish", 'p', "Publish a port on the replicas' nodes ([hostPort:]containerPort)")))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) throws IOException {
        String name = args.argument(0);
        ObjectNode body = args.has("file") ? fromFile(args, name, context) : fromFlags(args, name);
        JsonNode created = ClusterFlags.scheduler(args, context).createApp(body);
        context.out().println(created.path("name").asString(name));
        return 0;
    }

    private static ObjectNode fromFlags(ParsedArgs args, String name) {
        String image = args.value("image");
        if (image == null) {
            throw new UsageException("either -f SPEC.json or --image IMAGE is required");
        }
        String service = args.value("service") == null ? DEFAULT_SERVICE : args.value("service");
        ObjectNode body = Json.mapper().createObjectNode().put("name", name);
        body.putObject("services").set(service, ServiceSpecFlags.spec(image, args.intValue("replicas"),
                args.values("env"), args.decimalValue("cpus"), args.value("memory"), args.values("publish")));
        return body;
    }

    private static ObjectNode fromFile(ParsedArgs args, String name, CommandContext context) throws IOException {
        for (String flag : new String[] {"image", "service", "replicas", "env", "cpus", "memory", "publish"}) {
            if (args.has(flag)) {
                throw new UsageException("--" + flag + " describes a service of its own; with -f the file"
                        + " describes them all");
            }
        }
        String file = args.value("file");
        JsonNode spec;
        try (InputStream in = file.equals("-") ? context.console().in() : Files.newInputStream(Path.of(file))) {
            spec = Json.mapper().readTree(in);
        } catch (NoSuchFileException e) {
            throw new CliException("no such spec file: " + file);
        } catch (JacksonException e) {
            throw new CliException((file.equals("-") ? "stdin" : file) + ": not valid JSON: "
                    + e.getOriginalMessage());
        }
        return createBody(spec, name, file);
    }

    /** The file's object with the app's name, which the command line gives; a different name in it is an error. */
    static ObjectNode createBody(JsonNode spec, String name, String file) {
        if (!(spec instanceof ObjectNode object) || !object.has("services")) {
            throw new CliException(file + ": expected a JSON object with \"services\": {NAME: SPEC, ...}");
        }
        JsonNode named = object.get("name");
        if (named != null && !named.isNull() && !named.asString("").equals(name)) {
            throw new CliException(file + " names the app \"" + named.asString("") + "\", not \"" + name + "\"");
        }
        ObjectNode body = Json.mapper().createObjectNode().put("name", name);
        object.properties().forEach(e -> {
            if (!e.getKey().equals("name")) {
                body.set(e.getKey(), e.getValue());
            }
        });
        return body;
    }
}
