package io.yikatong.samples.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One CLI command.
 */
interface Command {

    /** Exit status: success. */
    int OK = 0;
    /** Exit status: the command ran and the answer is negative (for example an invalid signature). */
    int NEGATIVE = 1;
    /** Exit status: usage error or bad input. */
    int USAGE = 2;
    /** Exit status: an operation failed at run time (I/O, a failed demo step). */
    int FAILED = 3;

    /** The words that select this command, for example {@code crypto sm3}. */
    String name();

    /** One-line synopsis for {@code --help}. */
    String synopsis();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command words
     * @param io the standard streams
     * @return the exit status
     * @throws UsageException on a usage error or bad input (exit 2)
     * @throws Exception on any other failure (exit 3)
     */
    int run(List<String> args, Io io) throws Exception;

    /** The standard streams, injectable for tests. */
    record Io(InputStream in, PrintStream out, PrintStream err) {
        static Io system() {
            return new Io(System.in, System.out, System.err);
        }
    }
}
