package dev.berth.cli;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.command.AppCommand;
import dev.berth.cli.command.AttachCommand;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.CommandGroup;
import dev.berth.cli.command.CommitCommand;
import dev.berth.cli.command.CreateCommand;
import dev.berth.cli.command.DeployCommand;
import dev.berth.cli.command.DiffCommand;
import dev.berth.cli.command.EventsCommand;
import dev.berth.cli.command.ExecCommand;
import dev.berth.cli.command.HistoryCommand;
import dev.berth.cli.command.ImagesCommand;
import dev.berth.cli.command.ImportCommand;
import dev.berth.cli.command.InfoCommand;
import dev.berth.cli.command.InspectCommand;
import dev.berth.cli.command.KillCommand;
import dev.berth.cli.command.LoadCommand;
import dev.berth.cli.command.LoginCommand;
import dev.berth.cli.command.LogoutCommand;
import dev.berth.cli.command.LogsCommand;
import dev.berth.cli.command.NetworkCommand;
import dev.berth.cli.command.NodeCommand;
import dev.berth.cli.command.PortCommand;
import dev.berth.cli.command.PsCommand;
import dev.berth.cli.command.PullCommand;
import dev.berth.cli.command.PushCommand;
import dev.berth.cli.command.QuotaCommand;
import dev.berth.cli.command.RestartCommand;
import dev.berth.cli.command.RmCommand;
import dev.berth.cli.command.RmiCommand;
import dev.berth.cli.command.RollbackCommand;
import dev.berth.cli.command.RunCommand;
import dev.berth.cli.command.SaveCommand;
import dev.berth.cli.command.SearchCommand;
import dev.berth.cli.command.ServiceCommand;
import dev.berth.cli.command.StartCommand;
import dev.berth.cli.command.StatsCommand;
import dev.berth.cli.command.StopCommand;
import dev.berth.cli.command.TagCommand;
import dev.berth.cli.command.TenantCommand;
import dev.berth.cli.command.TokenCommand;
import dev.berth.cli.command.VersionCommand;
import dev.berth.cli.command.WaitCommand;
import dev.berth.cli.command.WhoamiCommand;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Every verb and management command of {@code berth}, in the order the help lists them. */
final class Verbs {

    private static final List<Command> ALL = List.<Command>of(
                    new AttachCommand(), new ExecCommand(), new CreateCommand(), new ImagesCommand(), new ImportCommand(), new InfoCommand(),
                    new InspectCommand(), new KillCommand(), new LogsCommand(), new PortCommand(), new PsCommand(),
                    new RestartCommand(), new RmCommand(), new RmiCommand(), new RunCommand(), new StartCommand(),
                    new StatsCommand(), new StopCommand(), new VersionCommand(), new WaitCommand(),
                    new CommitCommand(), new DiffCommand(), new HistoryCommand(), new LoadCommand(),
                    new SaveCommand(), new TagCommand(), new PullCommand(), new PushCommand(), new SearchCommand(),
                    new DeployCommand(), new RollbackCommand(), new LoginCommand(), new LogoutCommand(),
                    new WhoamiCommand(), new EventsCommand())
            .stream()
            .sorted(Comparator.comparing(command -> command.spec().name()))
            .toList();

    /** Nouns with verbs of their own, such as {@code network ls}; Docker calls them management commands. */
    private static final List<CommandGroup> GROUPS = List.<CommandGroup>of(new AppCommand(), new NetworkCommand(),
                    new NodeCommand(), new QuotaCommand(), new ServiceCommand(), new TenantCommand(),
                    new TokenCommand())
            .stream()
            .sorted(Comparator.comparing(group -> group.spec().name()))
            .toList();

    private Verbs() {
    }

    static @Nullable Command find(String name) {
        for (Command command : ALL) {
            if (command.spec().name().equals(name)) {
                return command;
            }
        }
        return null;
    }

    static @Nullable CommandGroup group(String name) {
        for (CommandGroup group : GROUPS) {
            if (group.spec().name().equals(name)) {
                return group;
            }
        }
        return null;
    }

    static List<CommandSpec> specs() {
        return ALL.stream().map(Command::spec).toList();
    }

    static List<CommandSpec> groupSpecs() {
        return GROUPS.stream().map(CommandGroup::spec).toList();
    }
}
