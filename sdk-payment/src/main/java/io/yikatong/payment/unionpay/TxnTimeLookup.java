package io.yikatong.payment.unionpay;

import io.yikatong.core.InvalidInputException;
import io.yikatong.payment.journal.PaymentEntry;
import io.yikatong.payment.journal.PaymentJournal;
import io.yikatong.payment.journal.RefundEntry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where {@link UnionPayChannel} finds the {@code txnTime} of an {@code orderId}. UnionPay identifies a transaction by
 * {@code orderId} <em>and</em> {@code txnTime}, so a query after a restart needs the exact {@code txnTime} sent.
 *
 * <p>The scheme: the UnionPay {@code orderId} is the merchant order (or refund) number itself, and its
 * {@code txnTime} is the instant this lookup returns for that number when the channel first sends it, or the
 * channel's clock when the lookup knows nothing; the channel then {@linkplain #remember remembers} it. With
 * {@link #fromJournal(PaymentJournal)} the instant is the journal entry's {@code createdAt}, which
 * {@link io.yikatong.payment.PaymentClient} writes before it sends, so the same {@code txnTime} is derived again after
 * a restart without storing anything else. {@link #inMemory()} loses the times on a restart (queries then find
 * nothing and answer unknown). The {@code txnTime} is the instant in Beijing time, truncated to the second.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface TxnTimeLookup {

    /**
     * Finds the {@code txnTime} of an order ID.
     *
     * @param orderId the UnionPay {@code orderId}
     * @return the instant, or empty if unknown
     */
    Optional<Instant> find(String orderId);

    /**
     * Records the {@code txnTime} an order ID was sent with. The default does nothing.
     *
     * @param orderId the {@code orderId}
     * @param txnTime the instant sent
     */
    default void remember(String orderId, Instant txnTime) {
    }

    /**
     * Finds the {@code payTimeout} a QR order was sent with (its expiry), which may differ from {@code txnTime} plus
     * the client's configured {@code payTimeout}. The default knows none.
     *
     * @param orderId the {@code orderId}
     * @return the instant, or empty if unknown
     */
    default Optional<Instant> expiry(String orderId) {
        return Optional.empty();
    }

    /**
     * Records the {@code payTimeout} a QR order was sent with. The default does nothing.
     *
     * @param orderId the {@code orderId}
     * @param expiry the instant sent
     */
    default void rememberExpiry(String orderId, Instant expiry) {
    }

    /**
     * Returns a lookup that keeps what was sent in memory (lost on restart).
     *
     * @return a new, empty lookup
     */
    static TxnTimeLookup inMemory() {
        return of(id -> Optional.empty());
    }

    /**
     * Returns a lookup that asks a function first and then what this instance sent.
     *
     * @param finder the function, for example one that reads a database; must be thread-safe and never return
     *     {@code null}
     * @return the lookup
     * @throws InvalidInputException if the function is null
     */
    static TxnTimeLookup of(Function<String, Optional<Instant>> finder) {
        return of(finder, id -> Optional.empty());
    }

    /**
     * Returns a lookup that asks functions first (for the {@code txnTime} and for a QR order's expiry) and then what
     * this instance sent.
     *
     * @param finder the {@code txnTime} function; must be thread-safe and never return {@code null}
     * @param expiryFinder the expiry function; must be thread-safe and never return {@code null}
     * @return the lookup
     * @throws InvalidInputException if a function is null
     */
    static TxnTimeLookup of(Function<String, Optional<Instant>> finder,
            Function<String, Optional<Instant>> expiryFinder) {
        if (finder == null) {
            throw new InvalidInputException("finder", "must not be null");
        }
        if (expiryFinder == null) {
            throw new InvalidInputException("expiryFinder", "must not be null");
        }
        Map<String, Instant> sent = new ConcurrentHashMap<>();
        Map<String, Instant> expiries = new ConcurrentHashMap<>();
        return new TxnTimeLookup() {
            @Override
            public Optional<Instant> find(String orderId) {
                Optional<Instant> found = finder.apply(orderId);
                return found.isPresent() ? found : Optional.ofNullable(sent.get(orderId));
            }

            @Override
            public void remember(String orderId, Instant txnTime) {
                sent.putIfAbsent(orderId, txnTime);
            }

            @Override
            public Optional<Instant> expiry(String orderId) {
                Optional<Instant> found = expiryFinder.apply(orderId);
                return found.isPresent() ? found : Optional.ofNullable(expiries.get(orderId));
            }

            @Override
            public void rememberExpiry(String orderId, Instant expiry) {
                expiries.putIfAbsent(orderId, expiry);
            }
        };
    }

    /**
     * Returns a lookup that derives the {@code txnTime} from a payment journal: the {@code createdAt} of the payment
     * (or, failing that, the refund) whose merchant number is the order ID; then what this instance sent (cancel
     * orders, which the journal does not hold). A QR order's expiry is the payment's
     * {@link PaymentEntry#expiresAt()}.
     *
     * @param journal the journal {@link io.yikatong.payment.PaymentClient} writes
     * @return the lookup
     * @throws InvalidInputException if the journal is null
     */
    static TxnTimeLookup fromJournal(PaymentJournal journal) {
        if (journal == null) {
            throw new InvalidInputException("journal", "must not be null");
        }
        return of(id -> {
            Optional<Instant> p = journal.find(id).map(PaymentEntry::createdAt);
            return p.isPresent() ? p : journal.findRefund(id).map(RefundEntry::createdAt);
        }, id -> journal.find(id).map(PaymentEntry::expiresAt));
    }
}
