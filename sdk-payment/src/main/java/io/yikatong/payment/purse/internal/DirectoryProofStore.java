package io.yikatong.payment.purse.internal;

import io.yikatong.card.purse.PurchaseProofRequest;
import io.yikatong.payment.journal.JournalStorageException;
import io.yikatong.payment.purse.PurseProofStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link PurseProofStore} with one file per purchase. Writes go to a temporary file that is forced to disk and then
 * renamed over the entry atomically, so a crash leaves the old or the new file, never a torn one. Thread-safe: writes
 * are serialised on this instance; one directory must be used by one process.
 */
public final class DirectoryProofStore implements PurseProofStore {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    private final Path directory;

    /**
     * Opens or creates the store.
     *
     * @param directory the directory
     */
    public DirectoryProofStore(Path directory) {
        if (directory == null) {
            throw new io.yikatong.core.InvalidInputException("directory", "is required");
        }
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new JournalStorageException("cannot create the purse proof directory " + directory, e);
        }
    }

    @Override
    public synchronized void begin(String merchantOrderNo, PurchaseProofRequest request) {
        Path file = file(merchantOrderNo);
        if (Files.exists(file)) {
            throw new JournalStorageException("purse purchase " + merchantOrderNo + " was already begun", null);
        }
        write(file, ProofFiles.encode(new Entry(request, State.PENDING, "")));
    }

    @Override
    public synchronized void settle(String merchantOrderNo, State state, String detail) {
        ProofFiles.checkSettled(state);
        Entry e = find(merchantOrderNo).orElseThrow(() -> new JournalStorageException(
                "purse purchase " + merchantOrderNo + " was never begun", null));
        write(file(merchantOrderNo), ProofFiles.encode(new Entry(e.request(), state, detail)));
    }

    @Override
    public Optional<Entry> find(String merchantOrderNo) {
        Path file = file(merchantOrderNo);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JournalStorageException("cannot read the purse proof of " + merchantOrderNo, e);
        }
        return Optional.of(ProofFiles.decode(text, merchantOrderNo));
    }

    private Path file(String merchantOrderNo) {
        if (merchantOrderNo == null || !FILE_NAME.matcher(merchantOrderNo).matches()) {
            throw new io.yikatong.core.InvalidInputException("merchantOrderNo",
                    "must be 1 to 64 letters, digits, '_' or '-' for the purse channel");
        }
        return directory.resolve(merchantOrderNo + ".purse");
    }

    private void write(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new JournalStorageException("cannot write the purse proof " + file.getFileName(), e);
        }
        try {
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new JournalStorageException("the file system of " + directory
                        + " cannot rename atomically; use another directory", e);
            }
        } catch (IOException e) {
            throw new JournalStorageException("cannot write the purse proof " + file.getFileName(), e);
        }
    }

    @Override
    public String toString() {
        return "PurseProofStore[" + directory + "]";
    }
}
