package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Redaction;

/**
 * The patient's 就诊凭证 ({@code mdtrt_cert_type} / {@code mdtrt_cert_no} / {@code card_sn}, reference §3):
 * {@link EcToken} (01 医保电子凭证: the ecToken sdk-qr's {@code MedicalInsuranceVoucherClient} resolves from the scanned
 * code, with its {@code idType}, {@code idNo} and {@code userName}), {@link IdNumber} (02 居民身份证) or
 * {@link SocialSecurityCard} (03 社会保障卡: sdk-card's {@code SocialSecurityCard.CardInfo.cardNumber()} and
 * {@code identificationCode()} as {@code card_sn}). A credential is never printed in full.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface Credential {

    /** @return {@code mdtrt_cert_type}: 01, 02 or 03 */
    String certType();

    /** @return {@code mdtrt_cert_no} */
    String certNo();

    /** @return {@code card_sn}, "" except for 03 */
    default String cardSn() {
        return "";
    }

    /** @return {@code psn_cert_type} for 异地 and Hunan's 01, or "" */
    default String psnCertType() {
        return "";
    }

    /** @return {@code certno} for 异地 and Hunan's 01, or "" */
    default String psnCertNo() {
        return "";
    }

    /** @return {@code psn_name} for 异地 and Hunan's 01, or "" */
    default String psnName() {
        return "";
    }

    /**
     * 01 医保电子凭证.
     *
     * @param ecToken the ecToken (1 to 50 characters)
     * @param idType the holder's document type ({@code psn_cert_type}), may be empty
     * @param idNo the holder's document number ({@code certno}), may be empty
     * @param userName the holder's name ({@code psn_name}), may be empty
     */
    record EcToken(String ecToken, String idType, String idNo, String userName) implements Credential {
        /** @throws InvalidInputException if the token is empty or longer than 50 characters */
        public EcToken {
            check("ecToken", ecToken, 50);
            idType = idType == null ? "" : idType;
            idNo = idNo == null ? "" : idNo;
            userName = userName == null ? "" : userName;
        }

        @Override
        public String certType() {
            return "01";
        }

        @Override
        public String certNo() {
            return ecToken;
        }

        @Override
        public String psnCertType() {
            return idType;
        }

        @Override
        public String psnCertNo() {
            return idNo;
        }

        @Override
        public String psnName() {
            return userName;
        }

        @Override
        public String toString() {
            return "EcToken[***]";
        }
    }

    /**
     * 02 居民身份证.
     *
     * @param idNumber the ID number (18 characters)
     */
    record IdNumber(String idNumber) implements Credential {
        /** @throws InvalidInputException if it is not 17 digits and a digit or X */
        public IdNumber {
            if (idNumber == null || !idNumber.matches("\\d{17}[0-9Xx]")) {
                throw new InvalidInputException("idNumber", "must be 17 digits and a digit or X");
            }
        }

        @Override
        public String certType() {
            return "02";
        }

        @Override
        public String certNo() {
            return idNumber;
        }

        @Override
        public String toString() {
            return "IdNumber[" + Redaction.idNumber(idNumber) + "]";
        }
    }

    /**
     * 03 社会保障卡.
     *
     * @param cardNumber 社会保障卡卡号 (1 to 50 characters)
     * @param cardSn 卡识别码 (1 to 32 characters)
     */
    record SocialSecurityCard(String cardNumber, String cardSn) implements Credential {
        /** @throws InvalidInputException if a field is empty or too long */
        public SocialSecurityCard {
            check("cardNumber", cardNumber, 50);
            check("cardSn", cardSn, 32);
        }

        @Override
        public String certType() {
            return "03";
        }

        @Override
        public String certNo() {
            return cardNumber;
        }

        @Override
        public String toString() {
            return "SocialSecurityCard[***]";
        }
    }

    private static void check(String field, String v, int max) {
        if (v == null || v.isEmpty() || v.length() > max) {
            throw new InvalidInputException(field, "must be 1 to " + max + " characters");
        }
    }
}
