package io.yikatong.samples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Minimal command-line parser: {@code --name value} options, {@code --flag} switches and positional arguments.
 * Unknown options are usage errors, so a typo never silently changes behaviour.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class Args {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * Parses arguments.
     *
     * @param argv the arguments after the command words
     * @param valued option names that take a value (without {@code --})
     * @param flags option names that take no value
     * @return the parsed arguments
     * @throws UsageException on an unknown option or a missing value
     */
    static Args parse(List<String> argv, Set<String> valued, Set<String> flags) throws UsageException {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2);
                String inline = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (valued.contains(name)) {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new UsageException("option --" + name + " needs a value");
                        }
                        value = argv.get(++i);
                    }
                    a.options.put(name, value);
                } else if (flags.contains(name) && inline == null) {
                    a.options.put(name, "true");
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                a.positional.add(arg);
            }
        }
        return a;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String require(String name) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException("missing required option --" + name);
        }
        return v;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    List<String> positional() {
        return List.copyOf(positional);
    }

    void requireNoPositional() throws UsageException {
        if (!positional.isEmpty()) {
            throw new UsageException("unexpected argument '" + positional.get(0) + "'");
        }
    }
}
