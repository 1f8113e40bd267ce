package io.yikatong.samples.cli;

/**
 * A usage error or bad input: the CLI prints one line to stderr and exits with status 2.
 */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
