package io.yikatong.testkit.card;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import java.time.LocalDate;

/**
 * What a virtual health-card SAM (居民健康卡安全存取模块, PSAM) holds (health-card-spec §1.8 "SAM (PSAM) files and
 * commands"): its public files, its PIN, the master keys of the health card and the institution's signing identity.
 * {@link VirtualSam#card(SamProfile)} builds the card.
 *
 * <p>The master keys are derived from {@link #masterKeySeed()} exactly as
 * {@link io.yikatong.card.health.security.InsecureSoftwareSecurityModule#developmentMasterKey(String,
 * io.yikatong.card.health.security.HealthCardKey)} derives them, so a SAM with the seed
 * {@value io.yikatong.card.health.security.InsecureSoftwareSecurityModule#DEVELOPMENT_SEED} serves the SDK's virtual health
 * cards. The signing command's header is not public for a health PSAM [?]: {@link #signCommandHeader()} makes it
 * configurable (default {@code 802A0000}).
 *
 * <p>{@link #toString()} shows neither the PIN nor key material.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param samSerial MF/0015 bytes 1–10: the SAM serial number, 10 bytes
 * @param samVersion MF/0015 byte 11: the SAM version, 0..255
 * @param keyCardType MF/0015 byte 12: the key-card type, 0..255
 * @param commandSetVersion MF/0015 byte 13: the command-set version, 0..255
 * @param fciByte MF/0015 byte 14: the issuer's FCI data byte, 0..255
 * @param terminalNumber MF/0016: 终端机编号, 6 bytes (province, city, issuer, 3-byte serial)
 * @param keyIndex DF01/001A byte 1: the key index, 0..255
 * @param applicationIssuerId DF01/001A bytes 2–9: the application issuer identifier, 8 bytes
 * @param applicationReceiverId DF01/001A bytes 10–17: the application receiver identifier, 8 bytes
 * @param startDate DF01/001A bytes 18–21: the start date (CN, YYYYMMDD)
 * @param expiryDate DF01/001A bytes 22–25: the expiry date (CN, YYYYMMDD), not before the start date
 * @param pin the SAM PIN, 4 to 12 digits (sent as BCD, an odd count padded with nibble {@code F})
 * @param pinTries how many wrong PINs the SAM accepts before it blocks, 1..15
 * @param masterKeySeed the seed of the master keys (see above), not empty
 * @param signingKey the institution's SM2 private key
 * @param issuerCertificate DF01/001B: 发卡机构证书, 180 bytes
 * @param organisationCertificate DF01/001C: SAM卡机构证书, 190 bytes
 * @param signCommandHeader {@code CLA INS P1 P2} of the signing command [?], 4 bytes, CLA not {@code 00}
 * @since 0.1
 */
public record SamProfile(
        Bytes samSerial,
        int samVersion,
        int keyCardType,
        int commandSetVersion,
        int fciByte,
        Bytes terminalNumber,
        int keyIndex,
        Bytes applicationIssuerId,
        Bytes applicationReceiverId,
        LocalDate startDate,
        LocalDate expiryDate,
        String pin,
        int pinTries,
        String masterKeySeed,
        Sm2PrivateKey signingKey,
        Bytes issuerCertificate,
        Bytes organisationCertificate,
        Bytes signCommandHeader) {

    /** The default header of the signing command, {@code 80 2A 00 00} [?]. */
    public static final Bytes DEFAULT_SIGN_COMMAND_HEADER = Bytes.fromHex("802A0000");

    /**
     * Checks every component.
     *
     * @throws InvalidInputException naming the component that is missing or out of range
     */
    public SamProfile {
        Object[] all = {samSerial, terminalNumber, applicationIssuerId, applicationReceiverId, startDate, expiryDate,
            pin, masterKeySeed, signingKey, issuerCertificate, organisationCertificate, signCommandHeader};
        String[] names = {"samSerial", "terminalNumber", "applicationIssuerId", "applicationReceiverId", "startDate",
            "expiryDate", "pin", "masterKeySeed", "signingKey", "issuerCertificate", "organisationCertificate",
            "signCommandHeader"};
        for (int i = 0; i < all.length; i++) {
            if (all[i] == null) {
                throw new InvalidInputException(names[i], "is required");
            }
        }
        size(samSerial, 10, "samSerial");
        size(terminalNumber, 6, "terminalNumber");
        size(applicationIssuerId, 8, "applicationIssuerId");
        size(applicationReceiverId, 8, "applicationReceiverId");
        size(issuerCertificate, 180, "issuerCertificate");
        size(organisationCertificate, 190, "organisationCertificate");
        size(signCommandHeader, 4, "signCommandHeader");
        octet(samVersion, "samVersion");
        octet(keyCardType, "keyCardType");
        octet(commandSetVersion, "commandSetVersion");
        octet(fciByte, "fciByte");
        octet(keyIndex, "keyIndex");
        if (!pin.matches("[0-9]{4,12}")) {
            throw new InvalidInputException("pin", "must be 4 to 12 digits");
        }
        if (pinTries < 1 || pinTries > 15) {
            throw new InvalidInputException("pinTries", "must be 1..15, was " + pinTries);
        }
        if (masterKeySeed.isEmpty()) {
            throw new InvalidInputException("masterKeySeed", "must not be empty");
        }
        if (expiryDate.isBefore(startDate)) {
            throw new InvalidInputException("expiryDate", "is before startDate");
        }
        if ((signCommandHeader.get(0) & 0xFF) == 0x00 || (signCommandHeader.get(0) & 0xFF) == 0xFF) {
            throw new InvalidInputException("signCommandHeader", "CLA must be a proprietary class, not 00 or FF");
        }
    }

    private static void size(Bytes b, int n, String field) {
        if (b.length() != n) {
            throw new InvalidInputException(field, "must be " + n + " bytes, was " + b.length());
        }
    }

    private static void octet(int v, String field) {
        if (v < 0 || v > 0xFF) {
            throw new InvalidInputException(field, "must be 0..255, was " + v);
        }
    }

    /**
     * Returns a copy with another PIN and retry counter start value (for tests and demos).
     *
     * @param newPin the PIN, 4 to 12 digits
     * @param tries 1..15
     * @return the new profile
     * @throws InvalidInputException if the PIN or the count is out of range
     */
    public SamProfile withPin(String newPin, int tries) {
        return new SamProfile(samSerial, samVersion, keyCardType, commandSetVersion, fciByte, terminalNumber, keyIndex,
                applicationIssuerId, applicationReceiverId, startDate, expiryDate, newPin, tries, masterKeySeed,
                signingKey, issuerCertificate, organisationCertificate, signCommandHeader);
    }

    /**
     * Returns a copy with another signing identity (for example a real certificate chain).
     *
     * @param key the SM2 private key
     * @param issuer the 180-byte issuer certificate
     * @param organisation the 190-byte organisation certificate
     * @return the new profile
     * @throws InvalidInputException if a certificate has the wrong size
     */
    public SamProfile withSigningIdentity(Sm2PrivateKey key, Bytes issuer, Bytes organisation) {
        return new SamProfile(samSerial, samVersion, keyCardType, commandSetVersion, fciByte, terminalNumber, keyIndex,
                applicationIssuerId, applicationReceiverId, startDate, expiryDate, pin, pinTries, masterKeySeed, key,
                issuer, organisation, signCommandHeader);
    }

    /**
     * Returns a description without the PIN, the seed or key material.
     *
     * @return the serial and terminal number
     */
    @Override
    public String toString() {
        return "SamProfile[serial=" + samSerial.toHex() + ", terminal=" + terminalNumber.toHex() + "]";
    }
}
