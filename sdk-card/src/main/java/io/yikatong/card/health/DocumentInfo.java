package io.yikatong.card.health;

import io.yikatong.core.Redaction;
import io.yikatong.core.domain.IdDocumentType;

import java.util.Objects;
import java.util.Optional;

/**
 * DF01/EF08 证件记录: identity document, health record number and NCMS (新农合) number.
 *
 * <p>On the card: document type CN 1 (WS 364 CV02.01.101, 2 digits), document number AN 18, health record number
 * AN 17, NCMS number AN 18. Empty fields are empty strings.
 *
 * <p>{@link #toString()} masks the numbers. Instances are immutable and thread-safe.
 *
 * @param documentTypeCode 证件类别代码 (ZJLB) as stored
 * @param documentNumber 证件号码 (ZJHM)
 * @param healthRecordNumber 健康档案编号 (JKDAH)
 * @param ncmsNumber 新农合证(卡)号 (XNHZH)
 * @since 0.1
 */
public record DocumentInfo(String documentTypeCode, String documentNumber, String healthRecordNumber,
        String ncmsNumber) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException if a component is null
     */
    public DocumentInfo {
        Objects.requireNonNull(documentTypeCode, "documentTypeCode");
        Objects.requireNonNull(documentNumber, "documentNumber");
        Objects.requireNonNull(healthRecordNumber, "healthRecordNumber");
        Objects.requireNonNull(ncmsNumber, "ncmsNumber");
    }

    /**
     * Looks up {@link #documentTypeCode()}.
     *
     * @return the document type, or empty if the code is empty or unknown
     */
    public Optional<IdDocumentType> documentType() {
        return IdDocumentType.find(documentTypeCode);
    }

    /**
     * Describes the file with the numbers masked.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "DocumentInfo[documentTypeCode=" + documentTypeCode + ", documentNumber="
                + Redaction.idNumber(documentNumber) + ", healthRecordNumber=" + Redaction.idNumber(healthRecordNumber)
                + ", ncmsNumber=" + Redaction.idNumber(ncmsNumber) + "]";
    }
}
