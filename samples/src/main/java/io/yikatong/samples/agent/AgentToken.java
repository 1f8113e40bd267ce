package io.yikatong.samples.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-installation API token: 32 random bytes, Base64url without padding, in a file readable only by its owner
 * (mode 600), created on first start ({@code ~/.yikatong/agent-token} by default).
 *
 * <p>Instances are immutable and thread-safe (a utility class).
 */
public final class AgentToken {

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
     * Reads the token from a file, creating the file with a new random token (mode 600) if it does not exist.
     *
     * @param file the token file
     * @return the token
     * @throws IOException if the file cannot be read or written, or holds no valid token
     */
    public static String loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                return read(file);
            }
            Files.writeString(file, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            return token;
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
