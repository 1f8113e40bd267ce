package io.yikatong.card.health.security;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.health.security.internal.HealthCardCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.crypto.Sm2Digest;
import io.yikatong.core.crypto.Sm2PublicKey;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The health card's security module on a real PSAM (居民健康卡安全存取模块) in a reader slot — the production
 * {@link HealthCardSecurityModule} (health-card-spec §1.8 "SAM (PSAM) files and commands"). Master keys and the signing key stay
 * in the SAM; this class sends it the vendor flow's commands:
 * <ul>
 * <li>{@link #open}: SELECT DF01 ({@code 00A4000002DF01}) and VERIFY the SAM PIN ({@code 0020 0000 <Lc> <PIN BCD>}).
 * The PIN is never logged or put in a message (CardSession traces redact VERIFY).</li>
 * <li>{@link #authenticationCryptogram}: {@code 80DE <P1> <key number> <factors ‖ challenge>}, then
 * {@code 80FA 0000 10 <input ‖ 00×8>} (answer via {@code 61 10} + GET RESPONSE), folded {@code E[0..7] XOR
 * E[8..15]}.</li>
 * <li>{@link #protectRecordUpdate}: {@code 80DE} with the STK, {@code 80FA 0000} over {@code L ‖ record ‖ 80 00…},
 * {@code 80DE} again, then {@code 80FA 0500} over {@code IV(16 × 00) ‖ (CLA INS P1 P2 Lc ‖ ciphertext ‖ 80 00…)};
 * the result is {@code ciphertext ‖ MAC(4)}, byte for byte what {@link HealthCardCrypto#protect} computes. Inputs
 * longer than a short APDU are sent in pieces: ECB blocks are independent, and the MAC is chained by passing the full
 * 16-byte block of one piece as the IV of the next [I: needs a SAM that answers the full block].</li>
 * <li>{@link #sign}: {@code e = SM3(Z ‖ M)} ({@link Sm2Digest}) on the host with the signer's
 * public key from {@link PsamOptions}, then
 * the configurable signing command {@code <header> 20 <e> 40} [?] answering {@code r ‖ s}.</li>
 * <li>{@link #issuerCertificate()} and {@link #organisationCertificate()} read DF01/{@code 001B} (180 bytes) and
 * {@code 001C} (190 bytes) once, on first use.</li>
 * </ul>
 * Status words become exceptions as {@link CardSession#send} maps them: {@code 63Cx}/{@code 6983} →
 * {@link io.yikatong.card.AuthenticationFailedException} (with the retries left), any other error →
 * {@link io.yikatong.card.CardRefusedException} naming the step.
 *
 * <p>Thread-safe; create one and share it (commands are serialised on the SAM session).
 *
 * @since 0.1
 */
public final class PsamSecurityModule implements HealthCardSecurityModule {

    /** Largest data block of one {@code 80FA} command: 15 SM4 blocks, so IV + data fit a short APDU. */
    private static final int MAX_PIECE = 224;

    private final CardSession session;
    private final PsamOptions options;
    private Bytes issuerCertificate;
    private Bytes organisationCertificate;
    private boolean closed;

    private PsamSecurityModule(CardSession session, PsamOptions options) {
        this.session = session;
        this.options = options;
    }

    /**
     * Opens the PSAM: selects its health application (DF01) and verifies the PIN. On failure the transport is closed.
     *
     * @param samTransport the link to the SAM; the module owns and closes it
     * @param pin the SAM PIN, 4 to 12 digits
     * @param options the settings
     * @return the module
     * @throws InvalidInputException if the PIN is not 4 to 12 digits (the message does not show it)
     * @throws io.yikatong.card.AuthenticationFailedException if the PIN is wrong ({@code retriesLeft()} tells how many
     *     tries remain) or blocked
     * @throws CardException if the link fails or the SAM refuses the selection
     */
    public static PsamSecurityModule open(CardTransport samTransport, String pin, PsamOptions options)
            throws CardException {
        Objects.requireNonNull(samTransport, "samTransport");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(options, "options");
        if (!pin.matches("[0-9]{4,12}")) {
            throw new InvalidInputException("pin", "must be 4 to 12 digits");
        }
        CardSession session = CardSession.open(samTransport);
        try {
            session.selectFile(0xDF01, "select the PSAM health application DF01");
            byte[] bcd = Bcd.encodeCn(pin, (pin.length() + 1) / 2);
            session.send(CommandApdu.of(0x00, 0x20, 0x00, 0x00, bcd).asSensitive(), "verify the PSAM PIN");
            Arrays.fill(bcd, (byte) 0);
        } catch (CardException | RuntimeException e) {
            try {
                session.close();
            } catch (CardLinkException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new PsamSecurityModule(session, options);
    }

    @Override
    public Bytes authenticationCryptogram(HealthCardKey key, CardFactors factors, Bytes challenge, Bytes input)
            throws CardException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(factors, "factors");
        if (key.kind() == HealthCardKey.Kind.LINE_PROTECTION) {
            throw new InvalidInputException("key", key + " is a line-protection key, not an authentication key");
        }
        length(challenge, 8, "challenge");
        length(input, 8, "input");
        synchronized (session) {
            checkOpen();
            derive(key, factors, challenge);
            byte[] block = Arrays.copyOf(input.toByteArray(), 16);
            byte[] e = encrypt(block, key);
            byte[] a = new byte[8];
            for (int i = 0; i < 8; i++) {
                a[i] = (byte) (e[i] ^ e[i + 8]);
            }
            return Bytes.copyOf(a);
        }
    }

    @Override
    public Bytes protectRecordUpdate(HealthCardKey lineKey, CardFactors factors, Bytes challenge, Bytes header,
            Bytes record) throws CardException {
        Objects.requireNonNull(lineKey, "lineKey");
        Objects.requireNonNull(factors, "factors");
        Objects.requireNonNull(record, "record");
        if (lineKey.kind() != HealthCardKey.Kind.LINE_PROTECTION) {
            throw new InvalidInputException("lineKey", lineKey + " is not a line-protection key");
        }
        length(challenge, 8, "challenge");
        length(header, 4, "header");
        byte[] plain = HealthCardCrypto.smPlaintext(record.toByteArray());
        synchronized (session) {
            checkOpen();
            derive(lineKey, factors, challenge);
            byte[] cipher = encrypt(plain, lineKey);
            derive(lineKey, factors, challenge);
            byte[] macInput = new byte[(5 + cipher.length) / 16 * 16 + 16]; // ISO 9797-1 method 2
            System.arraycopy(header.toByteArray(), 0, macInput, 0, 4);
            macInput[4] = (byte) (cipher.length + 4);
            System.arraycopy(cipher, 0, macInput, 5, cipher.length);
            macInput[5 + cipher.length] = (byte) 0x80;
            byte[] mac = mac(macInput, lineKey);
            byte[] out = Arrays.copyOf(cipher, cipher.length + 4);
            System.arraycopy(mac, 0, out, cipher.length, 4);
            return Bytes.copyOf(out);
        }
    }

    @Override
    public Bytes sign(Bytes message) throws CardException {
        Objects.requireNonNull(message, "message");
        Sm2PublicKey publicKey = options.signerPublicKey().isPresent() ? options.signerPublicKey().get()
                : certificateKey();
        byte[] e = Sm2Digest.of(publicKey, options.signerUserId().toByteArray()).digest(message.toByteArray());
        byte[] h = options.signCommandHeader().toByteArray();
        synchronized (session) {
            checkOpen();
            byte[] sig = session.send(CommandApdu.of(h[0] & 0xFF, h[1] & 0xFF, h[2] & 0xFF, h[3] & 0xFF, e, 64),
                    "PSAM SM2 signature");
            if (sig.length != 64) {
                throw new MalformedCardResponseException("PSAM signature", -1, 0,
                        "expected 64 bytes r || s, got " + sig.length, null);
            }
            return Bytes.copyOf(sig);
        }
    }

    /** The signer's public key from the organisation certificate (DF01/001C), decoded once. */
    private Sm2PublicKey certificateKey() throws CardException {
        Bytes cert = organisationCertificate();
        try {
            return CardCertificate.decode(cert).publicKey();
        } catch (io.yikatong.core.MalformedDataException e) {
            throw new MalformedCardResponseException("PSAM DF01/001C", -1, e.offset(),
                    "the organisation certificate does not decode; give PsamOptions.signerPublicKey", e);
        }
    }

    @Override
    public Bytes organisationCertificate() throws CardException {
        synchronized (session) {
            checkOpen();
            if (organisationCertificate == null) {
                organisationCertificate = readFile(0x001C, 190, "PSAM DF01/001C");
            }
            return organisationCertificate;
        }
    }

    @Override
    public Bytes issuerCertificate() throws CardException {
        synchronized (session) {
            checkOpen();
            if (issuerCertificate == null) {
                issuerCertificate = readFile(0x001B, 180, "PSAM DF01/001B");
            }
            return issuerCertificate;
        }
    }

    /**
     * Names the reader, never the PIN: {@code "PSAM in '<reader name>'"}.
     *
     * @return the description
     */
    @Override
    public String description() {
        return "PSAM in '" + options.readerName() + "'";
    }

    /**
     * Closes the link to the SAM. Idempotent.
     *
     * @throws CardLinkException if the reader reported an error while releasing the card
     */
    @Override
    public void close() throws CardLinkException {
        synchronized (session) {
            if (!closed) {
                closed = true;
                session.close();
            }
        }
    }

    @Override
    public String toString() {
        return description();
    }

    // ------------------------------------------------------------------------------------------------ steps

    private void derive(HealthCardKey key, CardFactors factors, Bytes challenge) throws CardException {
        byte[] f = factors.forKey(key).toByteArray();
        byte[] data = Arrays.copyOf(f, f.length + 8);
        System.arraycopy(challenge.toByteArray(), 0, data, f.length, 8);
        session.send(CommandApdu.of(0x80, 0xDE, key.samDeriveP1(), key.samKeyNumber(), data),
                "PSAM key derivation (80DE) for " + key);
    }

    /** SM4-ECB under the derived session key, in pieces that fit a short APDU. */
    private byte[] encrypt(byte[] plain, HealthCardKey key) throws CardException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length);
        for (int at = 0; at < plain.length; at += MAX_PIECE) {
            byte[] piece = Arrays.copyOfRange(plain, at, Math.min(plain.length, at + MAX_PIECE));
            byte[] c = session.send(CommandApdu.of(0x80, 0xFA, 0x00, 0x00, piece), "PSAM encryption (80FA) for " + key);
            if (c.length != piece.length) {
                throw new MalformedCardResponseException("PSAM encryption result", -1, at,
                        "expected " + piece.length + " bytes, got " + c.length, null);
            }
            out.writeBytes(c);
        }
        return out.toByteArray();
    }

    /** CBC-MAC of padded data with a zero IV; longer inputs are chained through the full 16-byte result. */
    private byte[] mac(byte[] padded, HealthCardKey key) throws CardException {
        byte[] iv = new byte[16];
        for (int at = 0; at < padded.length; at += MAX_PIECE) {
            boolean last = at + MAX_PIECE >= padded.length;
            int n = Math.min(MAX_PIECE, padded.length - at);
            byte[] data = new byte[16 + n];
            System.arraycopy(iv, 0, data, 0, 16);
            System.arraycopy(padded, at, data, 16, n);
            byte[] m = session.send(CommandApdu.of(0x80, 0xFA, 0x05, 0x00, data), "PSAM MAC (80FA 05) for " + key);
            if (m.length < (last ? 4 : 16)) {
                throw new MalformedCardResponseException("PSAM MAC result", -1, at,
                        "expected " + (last ? "at least 4" : "16") + " bytes, got " + m.length, null);
            }
            iv = Arrays.copyOf(m, 16);
        }
        return Arrays.copyOf(iv, 4);
    }

    private Bytes readFile(int fid, int size, String name) throws CardException {
        session.selectFile(fid, "select " + name);
        return Bytes.copyOf(session.readBinary(0, size, name));
    }

    private void checkOpen() throws CardLinkException {
        if (closed) {
            throw new CardLinkException(CardErrorCode.LINK_FAILED, description() + " is closed", null);
        }
    }

    private static void length(Bytes b, int n, String field) {
        Objects.requireNonNull(b, field);
        if (b.length() != n) {
            throw new InvalidInputException(field, "must be " + n + " bytes, was " + b.length());
        }
    }

    /** The module cannot do what was asked with its configuration. */
    private static final class PsamException extends CardException {
        private static final long serialVersionUID = 1L;

        PsamException(String message) {
            super(CardErrorCode.CARD_REFUSED, message, null);
        }
    }
}
