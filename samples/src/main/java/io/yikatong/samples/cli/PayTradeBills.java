package io.yikatong.samples.cli;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.BillLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the payment lines of a WeChat Pay trade bill (交易账单, CSV): a header row naming the columns, then one row per
 * transaction with every field prefixed by a back-quote, then (in real bills) a summary section, which is skipped.
 * Only the columns 微信订单号, 商户订单号, 交易状态 and 订单金额 are used; rows in state {@code SUCCESS} or {@code REFUND}
 * become payment lines. Refund rows of the real "ALL" bill are not read yet (the simulator's bill has none) [I].
 *
 * <p>Instances are not created; the methods are thread-safe.
 */
final class PayTradeBills {

    private PayTradeBills() {
    }

    static List<BillLine> parse(String csv) throws UsageException {
        String[] rows = csv.split("\r?\n");
        if (rows.length == 0 || rows[0].isBlank()) {
            return List.of();
        }
        List<String> header = List.of(rows[0].strip().replace("\uFEFF", "").split(",", -1));
        int trade = header.indexOf("微信订单号");
        int order = header.indexOf("商户订单号");
        int state = header.indexOf("交易状态");
        int amount = header.indexOf("订单金额");
        if (trade < 0 || order < 0 || state < 0 || amount < 0) {
            throw new UsageException("the trade bill lacks one of the columns 微信订单号, 商户订单号, 交易状态, 订单金额");
        }
        List<BillLine> lines = new ArrayList<>();
        for (int i = 1; i < rows.length; i++) {
            if (!rows[i].startsWith("`")) {
                break; // the summary section
            }
            String[] f = rows[i].split(",", -1);
            if (f.length < header.size()) {
                throw new UsageException("trade bill row " + (i + 1) + " has " + f.length + " fields, expected "
                        + header.size());
            }
            String s = strip(f[state]);
            if ("SUCCESS".equals(s) || "REFUND".equals(s)) {
                Money m;
                try {
                    m = Money.parseYuan(strip(f[amount]));
                } catch (RuntimeException e) {
                    throw new UsageException("trade bill row " + (i + 1) + ": 订单金额 is not an amount");
                }
                lines.add(BillLine.payment(strip(f[order]), strip(f[trade]), m));
            }
        }
        return lines;
    }

    private static String strip(String field) {
        String t = field.strip();
        return t.startsWith("`") ? t.substring(1) : t;
    }
}
