package io.yikatong.samples.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The per-installation API token: 32 random bytes, Base64url without padding, in a file readable only by its owner
 * (mode 600), created on first start ({@code ~/.yikatong/agent-token} by default).
 *
 * <p>On POSIX file systems a new token file is born with mode 600: the token is written to a temporary file created
 * with that mode in the same directory and then linked into place in one step, so that no other user ever sees a
 * readable file and no other agent ever reads a half-written one (of two agents starting at once, one creates the
 * file and both use its token). A new {@code ~/.yikatong} directory is created with mode 700. An existing token file
 * that other users may access (any "others" permission) or that its group may change (group write or execute) loses
 * those permissions, with a warning saying so (anyone who read it could have used the token: delete the file to have
 * a new one made); if its mode cannot be changed (another owner), the agent refuses to start with a message naming the
 * file and the command that fixes it. Group <em>read</em> is kept: sharing the token with a group of desktop users is
 * a deliberate set-up (the Debian package's {@code /var/lib/yikatong/agent-token}, mode 640, group
 * {@code yikatong}); a file the agent creates itself is never group-readable.
 *
 * <p>Instances are immutable and thread-safe (a utility class).
 */
public final class AgentToken {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** What nobody but the owner (and, for reading, a deliberately chosen group) may have on the token file. */
    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private AgentToken() {
    }

    /**
     * Returns the default token file, {@code ~/.yikatong/agent-token}.
     *
     * @return the path
     */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".yikatong", "agent-token");
    }

    /**
     * Reads the token from a file, creating the file with a new random token (mode 600) if it does not exist; a
     * warning about a file others could read goes nowhere. Prefer {@link #loadOrCreate(Path, Consumer)}.
     *
     * @param file the token file
     * @return the token
     * @throws IOException if the file cannot be read or written, holds no valid token, or others can read it and its
     *     mode cannot be fixed
     */
    public static String loadOrCreate(Path file) throws IOException {
        return loadOrCreate(file, warning -> { });
    }

    /**
     * Reads the token from a file, creating the file with a new random token (mode 600) if it does not exist. A file
     * that others can access, or its group change, loses those permissions first (group read is kept), and
     * {@code warnings} is told so.
     *
     * @param file the token file
     * @param warnings receives one line for each thing fixed (for the agent's log)
     * @return the token
     * @throws IOException if the file cannot be read or written, holds no valid token, or others can read it and its
     *     mode cannot be fixed
     */
    public static String loadOrCreate(Path file, Consumer<String> warnings) throws IOException {
        if (Files.exists(file)) {
            return readExisting(file, warnings);
        }
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path temp = posix
                ? Files.createTempFile(dir, ".agent-token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".agent-token", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(StandardCharsets.US_ASCII.encode(token + "\n"));
                ch.force(true);
            }
            try {
                Files.createLink(file, temp);        // atomic, and never replaces a token another agent just made
            } catch (FileAlreadyExistsException e) {
                return readExisting(file, warnings);
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(file)) {
                    return readExisting(file, warnings);
                }
                // no hard links here (some file systems): a rename that fails if the file appeared meanwhile
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException raced) {
                    return readExisting(file, warnings);
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return token;
    }

    private static String readExisting(Path file, Consumer<String> warnings) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            Set<PosixFilePermission> mode = view.readAttributes().permissions();
            if (mode.stream().anyMatch(TOO_OPEN::contains)) {
                String was = PosixFilePermissions.toString(mode);
                Set<PosixFilePermission> fixed = EnumSet.noneOf(PosixFilePermission.class);
                fixed.addAll(mode);
                fixed.removeAll(TOO_OPEN);
                String now = PosixFilePermissions.toString(fixed);
                try {
                    view.setPermissions(fixed);
                } catch (IOException | SecurityException e) {
                    throw new IOException("the token file " + file + " is open to other users (mode " + was
                            + ") and its mode cannot be changed (" + e.getMessage() + "); run: chmod 600 " + file, e);
                }
                warnings.accept("the token file " + file + " was open to other users (mode " + was
                        + "); its mode is now " + now + ". Anyone who read it could use the token:"
                        + " delete the file and restart the agent to get a new one");
            }
        }
        return read(file);
    }

    private static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!token.matches("[A-Za-z0-9_-]{32,128}")) {
            throw new IOException("the token file " + file + " does not hold a Base64url token of 32 to 128 characters");
        }
        return token;
    }
}
