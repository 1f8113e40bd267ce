package io.yikatong.card.health.security;

import io.yikatong.card.CardException;
import io.yikatong.core.Bytes;

/**
 * The resident health card's security module (安全存取模块, SAM/PSAM) that holds the card's master keys and the
 * institution's signing key: the SPI through which {@link io.yikatong.card.health.HealthCardService} gains read and
 * update rights, protects secure-messaging writes and signs DF03 visit records (health-card-spec §1.8).
 *
 * <p>Implementations:
 * <ul>
 * <li>{@link PsamSecurityModule} — a real PSAM in a second PC/SC reader or slot (select DF01, verify the SAM PIN,
 * {@code 80DE}/{@code 80FA});</li>
 * <li>{@link InsecureSoftwareSecurityModule} — master keys in memory, for development and tests only.</li>
 * </ul>
 * Keys never leave a module: callers pass the card's factors and challenge and receive only cryptograms, protected
 * command data and signatures.
 *
 * <p>Implementations must be thread-safe (a real SAM serialises its commands internally).
 *
 * @since 0.1
 */
public interface HealthCardSecurityModule extends AutoCloseable {

    /**
     * Computes the 8-byte cryptogram for the card's EXTERNAL AUTHENTICATE ({@code 0082}).
     *
     * @param key the read or update key to authenticate with
     * @param factors the card's diversification factors
     * @param challenge the card's 8-byte challenge (GET CHALLENGE)
     * @param input the 8 bytes to encrypt: the fixed read input for read keys, the first challenge for update keys
     * @return the cryptogram, 8 bytes
     * @throws CardException if the module's link fails or it refuses (for example, PIN not verified)
     * @throws io.yikatong.core.InvalidInputException if the key is a line-protection key or a length is wrong
     */
    Bytes authenticationCryptogram(HealthCardKey key, CardFactors factors, Bytes challenge, Bytes input)
            throws CardException;

    /**
     * Protects a record write with secure messaging: encrypts {@code L ‖ record} and appends the 4-byte MAC over the
     * command header and the ciphertext.
     *
     * @param lineKey the DF's line-protection key (STK)
     * @param factors the card's diversification factors
     * @param challenge the card's 8-byte challenge
     * @param header {@code CLA INS P1 P2} of the command that will carry the data (for example {@code 04DC 01 04})
     * @param record the plain record (TLV), at most 254 bytes
     * @return {@code ciphertext ‖ MAC(4)}
     * @throws CardException if the module's link fails or it refuses
     * @throws io.yikatong.core.InvalidInputException if the key is not a line-protection key or a length is wrong
     */
    Bytes protectRecordUpdate(HealthCardKey lineKey, CardFactors factors, Bytes challenge, Bytes header, Bytes record)
            throws CardException;

    /**
     * Signs a message with the institution's SM2 key (SM3withSM2, default user ID {@code 1234567812345678}).
     *
     * @param message the bytes to sign (see {@code RecordSignatureProfile} for DF03 records)
     * @return the raw signature {@code r ‖ s}, 64 bytes
     * @throws CardException if the module's link fails, it refuses, or it holds no signing key
     */
    Bytes sign(Bytes message) throws CardException;

    /**
     * Returns the module's organisation certificate (SAM卡机构证书, 190 bytes), the certificate written after a DF03
     * record's signature.
     *
     * @return the certificate
     * @throws CardException if the module's link fails or it holds no certificate
     */
    Bytes organisationCertificate() throws CardException;

    /**
     * Returns the issuer certificate (发卡机构证书, 180 bytes) that certifies the organisation certificate.
     *
     * @return the certificate
     * @throws CardException if the module's link fails or it holds no certificate
     */
    Bytes issuerCertificate() throws CardException;

    /**
     * Describes the module without secrets, for logs, for example {@code "PSAM in 'ACS ACR39U 01 00'"}.
     *
     * @return a description
     */
    String description();

    /**
     * Releases the module (for a PSAM, its reader connection). Idempotent.
     *
     * @throws CardException if releasing the link failed
     */
    @Override
    void close() throws CardException;
}
