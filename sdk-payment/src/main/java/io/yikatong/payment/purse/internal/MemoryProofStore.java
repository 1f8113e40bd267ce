package io.yikatong.payment.purse.internal;

import io.yikatong.card.purse.PurchaseProofRequest;
import io.yikatong.payment.journal.JournalStorageException;
import io.yikatong.payment.purse.PurseProofStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link PurseProofStore} in memory. Thread-safe.
 */
public final class MemoryProofStore implements PurseProofStore {

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public void begin(String merchantOrderNo, PurchaseProofRequest request) {
        if (entries.putIfAbsent(merchantOrderNo, new Entry(request, State.PENDING, "")) != null) {
            throw new JournalStorageException("purse purchase " + merchantOrderNo + " was already begun", null);
        }
    }

    @Override
    public void settle(String merchantOrderNo, State state, String detail) {
        ProofFiles.checkSettled(state);
        Entry e = entries.computeIfPresent(merchantOrderNo, (k, v) -> new Entry(v.request(), state, detail));
        if (e == null) {
            throw new JournalStorageException("purse purchase " + merchantOrderNo + " was never begun", null);
        }
    }

    @Override
    public Optional<Entry> find(String merchantOrderNo) {
        return Optional.ofNullable(entries.get(merchantOrderNo));
    }

    @Override
    public String toString() {
        return "PurseProofStore[memory, " + entries.size() + " entries]";
    }
}
