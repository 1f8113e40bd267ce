package io.yikatong.samples.cli;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.YikatongException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code yikatong} command-line tool: {@code java -jar samples/target/yikatong.jar --help}.
 *
 * <p>Exit statuses: 0 success, 1 a negative answer (for example {@code invalid} from a verification), 2 usage error or
 * bad input (one line on stderr), 3 a failure at run time. Stack traces are printed only with {@code --verbose}.
 */
public final class YikatongCli {

    private final List<Command> commands;

    YikatongCli() {
        List<Command> all = new ArrayList<>();
        all.add(new DemoCommand());
        all.addAll(CryptoCommands.all());
        all.addAll(CardCommands.all());
        all.addAll(QrCommands.all());
        all.addAll(PayCommands.all());
        all.addAll(YbCommands.all());
        all.add(new AgentCommand());
        this.commands = List.copyOf(all);
    }

    /**
     * Entry point.
     *
     * @param argv the command line
     */
    public static void main(String[] argv) {
        int status = new YikatongCli().run(List.of(argv), Command.Io.system());
        System.out.flush();
        System.exit(status);
    }

    int run(List<String> argv, Command.Io io) {
        List<String> args = new ArrayList<>(argv);
        boolean verbose = args.remove("--verbose");
        if (args.isEmpty() || args.equals(List.of("--help")) || args.equals(List.of("-h")) || args.equals(List.of("help"))) {
            printHelp(io);
            return args.isEmpty() ? Command.USAGE : Command.OK;
        }
        if (args.equals(List.of("--version"))) {
            io.out().println("yikatong " + version());
            return Command.OK;
        }
        Command command = null;
        int words = 0;
        for (Command c : commands) {
            String[] name = c.name().split(" ");
            if (args.size() >= name.length && args.subList(0, name.length).equals(List.of(name)) && name.length > words) {
                command = c;
                words = name.length;
            }
        }
        if (command == null) {
            List<Command> group = group(args.get(0));
            if (!group.isEmpty()) {
                List<String> rest = args.subList(1, args.size());
                boolean help = rest.isEmpty() || rest.contains("--help") || rest.contains("-h")
                        || rest.get(0).equals("help");
                if (!help) {
                    // bad input is one line
                    io.err().println("yikatong: unknown command '" + args.get(0) + " " + rest.get(0) + "'; "
                            + args.get(0) + " has: " + String.join(", ", group.stream()
                                    .map(c -> c.name().substring(args.get(0).length() + 1)).toList())
                            + " (try " + args.get(0) + " --help)");
                    return Command.USAGE;
                }
                io.out().println("usage: yikatong " + args.get(0) + " COMMAND [OPTIONS]   (COMMAND --help for one)");
                for (Command c : group) {
                    io.out().println("  " + c.synopsis());
                }
                return rest.isEmpty() ? Command.USAGE : Command.OK;
            }
            io.err().println("yikatong: unknown command '" + String.join(" ", args.subList(0, Math.min(2, args.size())))
                    + "' (try --help)");
            return Command.USAGE;
        }
        List<String> rest = args.subList(words, args.size());
        if (rest.contains("--help")) {
            io.out().println("usage: yikatong " + command.synopsis());
            return Command.OK;
        }
        try {
            return command.run(rest, io);
        } catch (UsageException e) {
            return fail(io, verbose, e, Command.USAGE);
        } catch (InvalidInputException e) {
            return fail(io, verbose, e, Command.USAGE);
        } catch (NoSuchFileException e) {
            io.err().println("yikatong: no such file: " + e.getFile());
            if (verbose) {
                e.printStackTrace(io.err());
            }
            return Command.USAGE;
        } catch (YikatongException e) {
            // bad keys, malformed files: bad input from the user's point of view
            return fail(io, verbose, e, Command.USAGE);
        } catch (IOException | UncheckedIOException e) {
            return fail(io, verbose, e, Command.FAILED);
        } catch (Exception e) {
            return fail(io, verbose, e, Command.FAILED);
        }
    }

    private static int fail(Command.Io io, boolean verbose, Exception e, int status) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        io.err().println("yikatong: " + message);
        if (verbose) {
            e.printStackTrace(io.err());
        }
        return status;
    }

    private void printHelp(Command.Io io) {
        io.out().println("yikatong " + version() + " - national health credentials toolkit (居民健康卡, 社保卡, 电子健康卡, 支付)");
        io.out().println();
        io.out().println("usage: yikatong [--verbose] COMMAND [OPTIONS]");
        io.out().println();
        io.out().println("commands:");
        int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(10);
        for (Command c : commands) {
            io.out().printf("  %-" + width + "s  %s%n", c.name(), c.synopsis().substring(c.name().length()).strip());
        }
        io.out().println();
        io.out().println("exit status: 0 ok, 1 negative answer (e.g. invalid signature; pay: declined, pending or"
                + " mismatch), 2 usage or bad input, 3 failure, 4 PC/SC service not running, 5 no (matching) reader,"
                + " 6 no card, 7 unknown card");
        io.out().println("--verbose prints stack traces; COMMAND --help prints one command's usage");
    }

    /** The commands of a group such as {@code pay} ({@code pay barcode}, {@code pay qr} …), in help order. */
    private List<Command> group(String word) {
        List<Command> out = new ArrayList<>();
        for (Command c : commands) {
            if (c.name().startsWith(word + " ")) {
                out.add(c);
            }
        }
        return out;
    }

    /** The commands, in {@code --help} order. */
    List<Command> commands() {
        return commands;
    }

    static String version() {
        String v = YikatongCli.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
