package io.yikatong.payment.alipay;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.BillLine;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A downloaded Alipay trade bill (对账单, {@code bill_type=trade}): the zip file behind the
 * {@code bill_download_url} that {@code alipay.data.dataservice.bill.downloadurl.query} returned. Alipay publishes no
 * digest for it; the URL itself is short-lived and came in a signed answer.
 *
 * <p>Layout as commonly documented [L]: a zip with a detail file whose name contains {@code 业务明细} (and a summary
 * file with {@code 汇总}, ignored), GBK text, {@code #} comment lines before and after a CSV table whose header names
 * the columns 支付宝交易号, 商户订单号, 业务类型, 订单金额（元） and 退款批次号/请求号. A 交易 row is a payment; a 退款 row
 * is a refund (its amount negative in the file) keyed by the refund's {@code out_request_no}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param billDate the bill date
 * @param zip the file bytes exactly as downloaded
 * @since 0.1
 */
public record AlipayBill(LocalDate billDate, Bytes zip) {

    /** The channel identifier in the errors this class raises. */
    private static final String CHANNEL = AlipayChannel.ID;

    private static final Charset GBK = Charset.forName("GB18030");
    private static final int MAX_ENTRIES = 16;
    private static final int MAX_TEXT = 64 << 20;

    /**
     * Checks the components.
     *
     * @throws InvalidInputException if one is missing
     */
    public AlipayBill {
        if (billDate == null) {
            throw new InvalidInputException("billDate", "is required");
        }
        if (zip == null) {
            throw new InvalidInputException("zip", "is required");
        }
    }

    /**
     * Reads the detail file's payment and refund rows as reconciliation lines.
     *
     * @return the lines in file order
     * @throws ChannelMalformedResponseException if the zip, the detail file or a row is malformed (naming the row and
     *     column, never the value), or the file exceeds 64 MiB or 16 entries
     */
    public List<BillLine> lines() throws ChannelMalformedResponseException {
        return parse(detailText());
    }

    private String detailText() throws ChannelMalformedResponseException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()), GBK)) {
            ZipEntry e;
            int entries = 0;
            while ((e = in.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new ChannelMalformedResponseException(CHANNEL,
                            "trade bill: more than " + MAX_ENTRIES + " files", null);
                }
                if (e.isDirectory() || !e.getName().contains("业务明细") || e.getName().contains("汇总")) {
                    continue;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (out.size() + n > MAX_TEXT) {
                        throw new ChannelMalformedResponseException(CHANNEL,
                                "trade bill: detail file larger than 64 MiB", null);
                    }
                    out.write(buf, 0, n);
                }
                return out.toString(GBK);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "trade bill: not a readable zip file", e);
        }
        throw new ChannelMalformedResponseException(CHANNEL, "trade bill: no 业务明细 file in the zip", null);
    }

    static List<BillLine> parse(String text) throws ChannelMalformedResponseException {
        String[] rows = text.replace("\uFEFF", "").split("\r?\n");
        List<String> header = null;
        int trade = -1;
        int order = -1;
        int type = -1;
        int amount = -1;
        int refundNo = -1;
        List<BillLine> lines = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i];
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] f = row.split(",", -1);
            if (header == null) {
                header = new ArrayList<>();
                for (String h : f) {
                    header.add(h.strip());
                }
                trade = column(header, "支付宝交易号");
                order = column(header, "商户订单号");
                type = column(header, "业务类型");
                amount = column(header, "订单金额（元）");
                refundNo = column(header, "退款批次号/请求号");
                continue;
            }
            if (f.length < header.size()) {
                throw new ChannelMalformedResponseException(CHANNEL, "trade bill row " + (i + 1) + " has " + f.length
                        + " fields, expected " + header.size(), null);
            }
            String kind = f[type].strip();
            try {
                if ("交易".equals(kind)) {
                    lines.add(BillLine.payment(f[order].strip(), f[trade].strip(), abs(money(f[amount], i))));
                } else if ("退款".equals(kind)) {
                    lines.add(BillLine.refund(f[order].strip(), f[refundNo].strip(), f[trade].strip(),
                            abs(money(f[amount], i))));
                }
            } catch (InvalidInputException e) {
                throw new ChannelMalformedResponseException(CHANNEL, "trade bill row " + (i + 1) + ": " + e.field()
                        + " is malformed", e);
            }
        }
        if (header == null) {
            throw new ChannelMalformedResponseException(CHANNEL, "trade bill: the detail file has no header row", null);
        }
        return lines;
    }

    private static int column(List<String> header, String name) throws ChannelMalformedResponseException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new ChannelMalformedResponseException(CHANNEL, "trade bill: no column " + name, null);
        }
        return i;
    }

    private static Money money(String field, int row) throws ChannelMalformedResponseException {
        try {
            return Money.parseYuan(field.strip());
        } catch (RuntimeException e) {
            throw new ChannelMalformedResponseException(CHANNEL,
                    "trade bill row " + (row + 1) + ": 订单金额（元） is not an amount",
                    e);
        }
    }

    /** Returns the date and size, never the content. */
    @Override
    public String toString() {
        return "AlipayBill[" + billDate + ", " + zip.length() + " bytes]";
    }

    private static Money abs(Money m) {
        return Money.ofFen(Math.abs(m.fen()));
    }
}
