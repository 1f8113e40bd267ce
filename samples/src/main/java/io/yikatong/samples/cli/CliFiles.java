package io.yikatong.samples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
        writeAtomically(target, data, false, true);
    }

    /** Writes a file readable only by its owner (where the file system supports POSIX permissions). */
    static void writeSecret(Path target, byte[] data) throws IOException {
        writeAtomically(target, data, true, true);
    }

    /**
     * Refuses to replace an existing file (or a link, even a dangling one) unless {@code force}: a key generator
     * must not destroy the only copy of a key by a slip of the up-arrow.
     *
     * @throws UsageException naming the file, when it exists and {@code force} is false
     */
    static void refuseOverwrite(Path target, boolean force) throws UsageException {
        if (!force && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("refusing to overwrite existing " + target + " (--force replaces it)");
        }
    }

    /**
     * Writes a new file (owner-only when {@code secret}); without {@code force} an existing file is never replaced,
     * even one that appears while this runs.
     */
    static void create(Path target, byte[] data, boolean secret, boolean force) throws IOException, UsageException {
        refuseOverwrite(target, force);
        try {
            writeAtomically(target, data, secret, force);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException("refusing to overwrite existing " + target + " (--force replaces it)", e);
        }
    }

    private static void writeAtomically(Path target, byte[] data, boolean ownerOnly, boolean replace)
            throws IOException {
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
            if (!replace) {
                // rename(2) would replace silently; a non-atomic move checks for the target first
                Files.move(tmp, target);
                return;
            }
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
