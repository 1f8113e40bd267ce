package io.yikatong.payment.wechat;

import io.yikatong.core.Bytes;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.BillLine;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A downloaded trade bill (交易账单) whose content matched the digest WeChat announced ({@code hash_type},
 * {@code hash_value}). The content is the CSV text WeChat produced; {@link #lines()} reads it for
 * {@link io.yikatong.payment.journal.Reconciler}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param billDate the bill date
 * @param hashType the raw {@code hash_type}, for example {@code SHA1}
 * @param content the file bytes exactly as downloaded
 *
 * @since 0.1
 */
public record TradeBill(LocalDate billDate, String hashType, Bytes content) {

    /** The channel identifier in the errors this class raises. */
    private static final String CHANNEL = WechatPayChannel.ID;

    /**
     * Checks the components.
     *
     * @param billDate the date
     * @param hashType the hash type
     * @param content the bytes
     */
    public TradeBill {
        Objects.requireNonNull(billDate, "billDate");
        Objects.requireNonNull(hashType, "hashType");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Returns the content as UTF-8 text.
     *
     * @return the CSV text
     */
    public String text() {
        return new String(content.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads the bill's transaction rows as reconciliation lines. The CSV has a header row naming the columns, then one
     * row per transaction with every field prefixed by a back-quote ({@code `}), then a summary section (a header
     * without back-quotes), which is skipped. Columns are found by name: 微信订单号, 商户订单号, 交易状态 and 订单金额
     * (required); 商户退款单号 and 退款金额 (optional). A {@code SUCCESS} row is a payment; a {@code REFUND} row is a
     * refund when it carries 商户退款单号 and 退款金额 (the "ALL" bill), otherwise a paid-then-refunded payment (the
     * simulator's bill lists orders, not refunds) [I]. Other states (REVOKED, …) are not money movements and are skipped.
     *
     * @return the lines in bill order
     * @throws ChannelMalformedResponseException if a column is missing, a row is short, or an amount or number is
     *     malformed (naming the row and column, never the value)
     */
    public List<BillLine> lines() throws ChannelMalformedResponseException {
        String[] rows = text().split("\r?\n");
        if (rows.length == 0 || rows[0].isBlank()) {
            return List.of();
        }
        List<String> header = new ArrayList<>();
        for (String h : rows[0].replace("\uFEFF", "").split(",", -1)) {
            header.add(h.strip());
        }
        int trade = column(header, "微信订单号");
        int order = column(header, "商户订单号");
        int state = column(header, "交易状态");
        int amount = column(header, "订单金额");
        int refundNo = header.indexOf("商户退款单号");
        int refundAmount = header.indexOf("退款金额");
        List<BillLine> lines = new ArrayList<>();
        for (int i = 1; i < rows.length; i++) {
            if (!rows[i].startsWith("`")) {
                break; // the summary section
            }
            String[] f = rows[i].split(",", -1);
            if (f.length < header.size()) {
                throw new ChannelMalformedResponseException(CHANNEL, "trade bill row " + (i + 1) + " has " + f.length
                        + " fields, expected " + header.size(), null);
            }
            String s = strip(f[state]);
            try {
                if ("SUCCESS".equals(s)) {
                    lines.add(BillLine.payment(strip(f[order]), strip(f[trade]), money(f[amount], i, "订单金额")));
                } else if ("REFUND".equals(s)) {
                    if (refundNo >= 0 && refundAmount >= 0 && !strip(f[refundNo]).isEmpty()) {
                        lines.add(BillLine.refund(strip(f[order]), strip(f[refundNo]), strip(f[trade]),
                                money(f[refundAmount], i, "退款金额")));
                    } else {
                        lines.add(BillLine.payment(strip(f[order]), strip(f[trade]), money(f[amount], i, "订单金额")));
                    }
                }
            } catch (io.yikatong.core.InvalidInputException e) {
                throw new ChannelMalformedResponseException(CHANNEL, "trade bill row " + (i + 1) + ": " + e.field()
                        + " is malformed", e);
            }
        }
        return lines;
    }

    private static int column(List<String> header, String name) throws ChannelMalformedResponseException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new ChannelMalformedResponseException(CHANNEL, "the trade bill has no column " + name, null);
        }
        return i;
    }

    private static Money money(String field, int row, String column) throws ChannelMalformedResponseException {
        try {
            return Money.parseYuan(strip(field));
        } catch (RuntimeException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "trade bill row " + (row + 1) + ": " + column
                    + " is not an amount", e);
        }
    }

    private static String strip(String field) {
        String t = field.strip();
        return t.startsWith("`") ? t.substring(1) : t;
    }
}
