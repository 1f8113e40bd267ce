package io.yikatong.payment.journal;

import io.yikatong.payment.journal.internal.Checks;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceSplit;

/**
 * A reported state for a payment, as learned from a response, a notification, a query or a reverse call, with the
 * facts the report carries.
 *
 * <p>The facts are typed and each belongs to one target: a QR code URL to {@link PaymentState#PENDING}, a
 * {@link Decline} to {@link PaymentState#DECLINED}, a medical-insurance split to {@link PaymentState#PAID}. Like the
 * channel trade number, a fact is stored with the entry when the change is applied and the entry has none yet
 * ({@link PaymentEntry}); the detail is only a note for the event log.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param target the reported state
 * @param source where the report came from
 * @param channelTradeNo the channel's transaction number if the report carries one, else {@code null}; it is stored
 *     when the change is applied and the entry has none yet
 * @param detail a short note for the event log such as the channel's status code (at most 256 characters, no
 *     personal data), or {@code null}; never read back by the SDK
 * @param codeUrl the QR code URL to show, for a {@link PaymentState#PENDING} report of a QR payment (at most
 *     {@value #MAX_CODE_URL} characters), else {@code null}
 * @param decline why the channel declined, for a {@link PaymentState#DECLINED} report, else {@code null}
 * @param split how a settled medical-insurance order splits, for a {@link PaymentState#PAID} report, else
 *     {@code null}
 * @since 0.1
 */
public record StateChange(PaymentState target, EventSource source, String channelTradeNo, String detail,
        String codeUrl, Decline decline, MedicalInsuranceSplit split) {

    /** The longest QR code URL the journal keeps. */
    public static final int MAX_CODE_URL = 512;

    /**
     * Validates the fields.
     *
     * @throws io.yikatong.core.InvalidInputException if target or source is missing, the channel number is malformed
     *     or the detail is too long, the target is {@link PaymentState#CREATED}, or a fact comes with another target
     *     than its own
     */
    public StateChange {
        Checks.notNull("target", target);
        Checks.notNull("source", source);
        Checks.optionalNumber("channelTradeNo", channelTradeNo);
        Checks.text("detail", detail, 256);
        Checks.text("codeUrl", codeUrl, MAX_CODE_URL);
        if (target == PaymentState.CREATED) {
            throw new io.yikatong.core.InvalidInputException("target", "CREATED is only written by create");
        }
        if (codeUrl != null && (codeUrl.isEmpty() || target != PaymentState.PENDING)) {
            throw new io.yikatong.core.InvalidInputException("codeUrl", "is a non-empty fact of a PENDING report");
        }
        if (decline != null && target != PaymentState.DECLINED) {
            throw new io.yikatong.core.InvalidInputException("decline", "is a fact of a DECLINED report");
        }
        if (split != null && target != PaymentState.PAID) {
            throw new io.yikatong.core.InvalidInputException("split", "is a fact of a PAID report");
        }
    }

    /**
     * Creates a report without facts.
     *
     * @param target the reported state
     * @param source where the report came from
     * @param channelTradeNo the channel's transaction number, or {@code null}
     * @param detail a note for the event log, or {@code null}
     * @throws io.yikatong.core.InvalidInputException if a field breaks the rules
     */
    public StateChange(PaymentState target, EventSource source, String channelTradeNo, String detail) {
        this(target, source, channelTradeNo, detail, null, null, null);
    }

    /**
     * Creates a report without channel number, detail or facts.
     *
     * @param target the reported state
     * @param source where the report came from
     * @return the change
     * @throws io.yikatong.core.InvalidInputException if an argument is missing or target is CREATED
     */
    public static StateChange to(PaymentState target, EventSource source) {
        return new StateChange(target, source, null, null);
    }

    /**
     * Returns a copy with the channel's transaction number.
     *
     * @param channelTradeNo the number
     * @return the copy
     * @throws io.yikatong.core.InvalidInputException if the number is malformed
     */
    public StateChange withChannelTradeNo(String channelTradeNo) {
        return new StateChange(target, source, channelTradeNo, detail, codeUrl, decline, split);
    }

    /**
     * Returns a copy with a note for the event log.
     *
     * @param detail the note, without personal data
     * @return the copy
     * @throws io.yikatong.core.InvalidInputException if the detail is too long or has control characters
     */
    public StateChange withDetail(String detail) {
        return new StateChange(target, source, channelTradeNo, detail, codeUrl, decline, split);
    }

    /**
     * Returns a copy with the QR code URL of a {@link PaymentState#PENDING} report.
     *
     * @param codeUrl the URL, or {@code null}
     * @return the copy
     * @throws io.yikatong.core.InvalidInputException if the target is not PENDING, or the URL is empty, longer than
     *     {@value #MAX_CODE_URL} characters or has control characters
     */
    public StateChange withCodeUrl(String codeUrl) {
        return new StateChange(target, source, channelTradeNo, detail, codeUrl, decline, split);
    }

    /**
     * Returns a copy with the decline of a {@link PaymentState#DECLINED} report.
     *
     * @param decline the decline, or {@code null}
     * @return the copy
     * @throws io.yikatong.core.InvalidInputException if the target is not DECLINED
     */
    public StateChange withDecline(Decline decline) {
        return new StateChange(target, source, channelTradeNo, detail, codeUrl, decline, split);
    }

    /**
     * Returns a copy with the medical-insurance split of a {@link PaymentState#PAID} report.
     *
     * @param split the split, or {@code null}
     * @return the copy
     * @throws io.yikatong.core.InvalidInputException if the target is not PAID
     */
    public StateChange withSplit(MedicalInsuranceSplit split) {
        return new StateChange(target, source, channelTradeNo, detail, codeUrl, decline, split);
    }
}
