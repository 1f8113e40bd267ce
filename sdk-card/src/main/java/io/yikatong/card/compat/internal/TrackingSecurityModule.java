package io.yikatong.card.compat.internal;

import io.yikatong.card.CardException;
import io.yikatong.card.health.security.CardFactors;
import io.yikatong.card.health.security.HealthCardKey;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.core.Bytes;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * Decorates a {@link HealthCardSecurityModule} and remembers every exception it threw, so that {@link ReturnCodes} can
 * report any failure of the SAM — a refusal, a broken link to the PSAM reader, a bad length — as 105 (PSAM response
 * abnormal) rather than as a user-card error. Only the most recent failures are kept (the set is cleared by
 * {@link #forget()} at the start of each facade call).
 *
 * <p>Not thread-safe; confine to one thread (like the service it serves).
 */
public final class TrackingSecurityModule implements HealthCardSecurityModule {

    private final HealthCardSecurityModule delegate;
    private final Set<Throwable> failures = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * Wraps a module.
     *
     * @param delegate the real module
     */
    public TrackingSecurityModule(HealthCardSecurityModule delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Tells whether an exception, or one of its causes, was thrown by the module since the last {@link #forget()}.
     *
     * @param e the exception a facade call caught
     * @return true if it came from the security module
     */
    public boolean threw(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (failures.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the failures recorded so far. */
    public void forget() {
        failures.clear();
    }

    private void record(Throwable e) {
        failures.add(e);
    }

    @Override
    public Bytes authenticationCryptogram(HealthCardKey key, CardFactors factors, Bytes challenge, Bytes input)
            throws CardException {
        try {
            return delegate.authenticationCryptogram(key, factors, challenge, input);
        } catch (CardException | RuntimeException e) {
            record(e);
            throw e;
        }
    }

    @Override
    public Bytes protectRecordUpdate(HealthCardKey lineKey, CardFactors factors, Bytes challenge, Bytes header,
            Bytes record) throws CardException {
        try {
            return delegate.protectRecordUpdate(lineKey, factors, challenge, header, record);
        } catch (CardException | RuntimeException e) {
            record(e);
            throw e;
        }
    }

    @Override
    public Bytes sign(Bytes message) throws CardException {
        try {
            return delegate.sign(message);
        } catch (CardException | RuntimeException e) {
            record(e);
            throw e;
        }
    }

    @Override
    public Bytes organisationCertificate() throws CardException {
        try {
            return delegate.organisationCertificate();
        } catch (CardException | RuntimeException e) {
            record(e);
            throw e;
        }
    }

    @Override
    public Bytes issuerCertificate() throws CardException {
        try {
            return delegate.issuerCertificate();
        } catch (CardException | RuntimeException e) {
            record(e);
            throw e;
        }
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public void close() throws CardException {
        delegate.close();
    }

    @Override
    public String toString() {
        return "TrackingSecurityModule[" + delegate.description() + "]";
    }
}
