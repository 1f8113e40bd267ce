package io.yikatong.samples.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    /**
     * An input file option: the file must exist, be a regular file (not a directory) and be readable. Bad input is a
     * one-line usage error (exit 2) naming the option and the path.
     */
    static Path existing(String name, String option) throws UsageException {
        Path p = path(name, option);
        if (Files.isDirectory(p)) {
            throw new UsageException(option + ": " + name + " is a directory, not a file");
        }
        if (!Files.exists(p)) {
            throw new UsageException(option + ": no such file: " + name);
        }
        if (!Files.isRegularFile(p)) {
            throw new UsageException(option + ": " + name + " is not a regular file");
        }
        if (!Files.isReadable(p)) {
            throw new UsageException(option + ": cannot read " + name + " (permission denied)");
        }
        return p;
    }

    /**
     * An output file option: not a directory, in a directory that exists and can be written. Checked before any
     * work, so bad input is a one-line usage error (exit 2) naming the option and the path, never a failure after
     * the work is done.
     */
    static Path output(String name, String option) throws UsageException {
        Path p = path(name, option);
        if (Files.isDirectory(p)) {
            throw new UsageException(option + ": " + name + " is a directory; give a file name");
        }
        Path parent = p.toAbsolutePath().getParent();
        if (parent == null || !Files.exists(parent)) {
            throw new UsageException(option + ": the directory of " + name + " does not exist (" + parent + ")");
        }
        if (!Files.isDirectory(parent)) {
            throw new UsageException(option + ": " + parent + " (in " + name + ") is not a directory");
        }
        if (!Files.isWritable(parent)) {
            throw new UsageException(option + ": cannot write in " + parent + " (permission denied)");
        }
        if (Files.exists(p) && !Files.isRegularFile(p)) {
            throw new UsageException(option + ": " + name + " is not a regular file");
        }
        return p;
    }

    /**
     * A directory option: if the path exists it must be a directory; if {@code mustExist}, it must exist. A one-line
     * usage error (exit 2) naming the option and the path otherwise.
     */
    static Path directory(String name, String option, boolean mustExist) throws UsageException {
        Path p = path(name, option);
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new UsageException(option + ": " + name + " is a file, not a directory");
        }
        if (mustExist && !Files.exists(p)) {
            throw new UsageException(option + ": no such directory: " + name);
        }
        return p;
    }

    private static Path path(String name, String option) throws UsageException {
        if (name.isEmpty()) {
            throw new UsageException(option + ": empty path");
        }
        try {
            return Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException(option + ": not a valid path: " + e.getReason());
        }
    }

    /** Largest text file (PEM key, JSON key set) the CLI reads into memory. */
    static final int MAX_TEXT_BYTES = 4 * 1024 * 1024;

    static String readString(String name, String option) throws UsageException, IOException {
        Path p = existing(name, option);
        byte[] data = readAtMost(p, MAX_TEXT_BYTES);
        if (data == null) {
            throw new UsageException(option + ": " + name + " is larger than " + MAX_TEXT_BYTES
                    + " bytes; not a key or text file");
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Reads a whole file of at most {@code max} bytes; {@code null} if it is longer (never reads more). */
    static byte[] readAtMost(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(max + 1);
            return data.length > max ? null : data;
        }
    }

    /** Writes an output of any size: a producer that streams into a temporary file, moved into place on success. */
    @FunctionalInterface
    interface StreamProducer {
        void writeTo(OutputStream out) throws IOException, UsageException;
    }

    /**
     * Streams into a temporary file beside {@code target} and moves it into place only if {@code producer} returns
     * normally: a failed or interrupted command leaves no partial output under the target name.
     */
    static void writeStreaming(Path target, StreamProducer producer) throws IOException, UsageException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                producer.writeTo(out);
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
