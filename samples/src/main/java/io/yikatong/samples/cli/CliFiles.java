package io.yikatong.samples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * File helpers for the CLI: clear errors for missing files, and atomic writes (write a temporary file beside the
 * target, then move it into place) so an interrupted command never leaves a half-written output.
 */
final class CliFiles {

    private CliFiles() {
    }

    static Path existing(String name, String option) throws UsageException {
        Path p = Path.of(name);
        if (!Files.isRegularFile(p)) {
            throw new UsageException(option + ": no such file: " + name);
        }
        if (!Files.isReadable(p)) {
            throw new UsageException(option + ": cannot read " + name);
        }
        return p;
    }

    static String readString(String name, String option) throws UsageException, IOException {
        return new String(Files.readAllBytes(existing(name, option)), StandardCharsets.UTF_8);
    }

    static void write(Path target, byte[] data) throws IOException {
        writeAtomically(target, data, false);
    }

    /** Writes a file readable only by its owner (where the file system supports POSIX permissions). */
    static void writeSecret(Path target, byte[] data) throws IOException {
        writeAtomically(target, data, true);
    }

    private static void writeAtomically(Path target, byte[] data, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            if (ownerOnly) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system (Windows): the temp file already has the user's default ACL
                }
            }
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
