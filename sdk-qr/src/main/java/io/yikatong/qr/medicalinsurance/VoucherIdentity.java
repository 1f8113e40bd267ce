package io.yikatong.qr.medicalinsurance;

import io.yikatong.core.Redaction;
import io.yikatong.core.domain.Gender;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The insured person behind a scanned e-voucher, as {@code ec.query} returns it ({@code data}, also called
 * {@code cardecinfo}). Use {@link #ecToken()} as {@code mdtrt_cert_no} with {@code mdtrt_cert_type = 01},
 * {@link #idType()} as {@code psn_cert_type} and {@link #idNo()} as {@code certno} in the following 1101 call.
 * {@link #toString()} masks the name and document number and never shows the ecToken.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param userName the insured person's name
 * @param idNo the identity document number
 * @param idType the document type code as the service sends it (for example {@code 01})
 * @param insuOrg the insurance area code (参保地), or empty
 * @param ecIndexNo the e-voucher index number
 * @param ecToken the e-voucher token (电子凭证令牌), a credential for settlement
 * @param gender the gender, when sent as a GB/T 2261.1 code
 * @param birthday the birth date, when sent
 * @since 0.1
 */
public record VoucherIdentity(String userName, String idNo, String idType, String insuOrg, String ecIndexNo,
        String ecToken, Optional<Gender> gender, Optional<LocalDate> birthday) {

    /**
     * Checks that no component is {@code null}.
     *
     * @throws NullPointerException naming the {@code null} component
     */
    public VoucherIdentity {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(idNo, "idNo");
        Objects.requireNonNull(idType, "idType");
        Objects.requireNonNull(insuOrg, "insuOrg");
        Objects.requireNonNull(ecIndexNo, "ecIndexNo");
        Objects.requireNonNull(ecToken, "ecToken");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(birthday, "birthday");
    }

    @Override
    public String toString() {
        return "VoucherIdentity[userName=" + Redaction.name(userName) + ", idNo=" + Redaction.idNumber(idNo) + ", idType="
                + idType + ", insuOrg=" + insuOrg + ", ecToken=***]";
    }
}
