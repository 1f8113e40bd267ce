package io.yikatong.qr.token;

import java.time.Instant;

/**
 * Remembers the one-time tokens already accepted (防重放), so that the same code scanned twice is refused.
 *
 * <p>The {@link TokenVerifier} calls {@link #recordFirstUse} only for one-time tokens that passed every other check
 * (format, key, signature, validity), so forged or expired codes cannot fill the guard. A token is identified by its
 * issuer and its 8-byte nonce; an entry may be forgotten after {@code forgetAfter} (the token's expiry plus the allowed
 * clock skew), because from then on the token is rejected as expired anyway.
 *
 * <p>Implementations: {@link InMemoryReplayGuard} (one process) and {@link JdbcReplayGuard} (several HIS servers sharing
 * one database). Implementations must be thread-safe and must be atomic: of two concurrent calls with the same issuer
 * and nonce, at most one returns {@code true}.
 *
 * <p>Implementations must be thread-safe; create one and share it.
 *
 * @since 0.1
 */
public interface ReplayGuard {

    /**
     * Records the first use of a token, atomically.
     *
     * @param issuer the issuer id
     * @param nonce the token's nonce (8 bytes as a big-endian long)
     * @param forgetAfter when the entry may be dropped
     * @param now the verifier's current time
     * @return {@code true} if this is the first use and it is now recorded; {@code false} if it was recorded before
     * @throws ReplayGuardException if the guard cannot decide (full, store unreachable); the token must then be refused
     */
    boolean recordFirstUse(String issuer, long nonce, Instant forgetAfter, Instant now) throws ReplayGuardException;
}
