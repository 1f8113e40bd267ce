package io.yikatong.payment.alipay;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Bytes;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.BillLine;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** {@link AlipayBill#lines()} on a GBK zip in Alipay's layout, malformed bills, and fuzzed files. */
class AlipayBillTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final String DETAIL = "#支付宝交易记录明细查询\n#账号：[20880000000000000156]\n"
            + "#-----------------------------------------业务明细列表----------------------------------------\n"
            + "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,"
            + "商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,"
            + "卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\n"
            + "2026112322001400000000000001\t,H20261123000001\t,交易,挂号费,2026-11-23 10:00:00,2026-11-23 10:00:01,,,,,"
            + "buyer,12.30,12.30,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.07,0.00,\n"
            + "2026112322001400000000000001\t,H20261123000001\t,退款,挂号费,2026-11-23 11:00:00,2026-11-23 11:00:01,,,,,"
            + "buyer,-2.30,-2.30,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,H20261123000001R1,0.01,0.00,\n"
            + "#-----------------------------------------业务明细列表结束------------------------------------\n"
            + "#交易合计：1笔，商家实收共12.30元\n";

    private static Bytes zip(String detailName, String detail) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b, GBK)) {
            z.putNextEntry(new ZipEntry("20880000000000000156_20261123_业务明细(汇总).csv"));
            z.write("#汇总\n门店编号,交易订单总笔数\n,1\n".getBytes(GBK));
            z.closeEntry();
            z.putNextEntry(new ZipEntry(detailName));
            z.write(detail.getBytes(GBK));
            z.closeEntry();
        }
        return Bytes.copyOf(b.toByteArray());
    }

    private static AlipayBill bill(Bytes zip) {
        return new AlipayBill(LocalDate.of(2026, 11, 23), zip);
    }

    @Test
    void readsPaymentAndRefundRowsFromTheGbkDetailFile() throws Exception {
        List<BillLine> lines = bill(zip("20880000000000000156_20261123_业务明细.csv", DETAIL)).lines();
        assertEquals(List.of(
                BillLine.payment("H20261123000001", "2026112322001400000000000001", Money.ofFen(1230)),
                BillLine.refund("H20261123000001", "H20261123000001R1", "2026112322001400000000000001",
                        Money.ofFen(230))), lines);
    }

    @Test
    void malformedBillsAreTypedAndNameTheProblem() throws Exception {
        assertTrue(assertChannelThrows(ChannelMalformedResponseException.class, "alipay",
                () -> bill(zip("other.csv", DETAIL)).lines()).getMessage().contains("no 业务明细 file"));
        assertTrue(assertChannelThrows(ChannelMalformedResponseException.class, "alipay",
                () -> bill(zip("x_业务明细.csv", DETAIL.replace("商户订单号", "订单号"))).lines()).getMessage()
                .contains("商户订单号"));
        ChannelMalformedResponseException amount =
                assertChannelThrows(ChannelMalformedResponseException.class, "alipay",
                        () -> bill(zip("x_业务明细.csv", DETAIL.replace("buyer,12.30", "buyer,12.3x"))).lines());
        assertTrue(amount.getMessage().contains("row 5") && !amount.getMessage().contains("12.3x"),
                amount.getMessage());
        assertChannelThrows(ChannelMalformedResponseException.class, "alipay",
                () -> bill(Bytes.copyOf("not a zip".getBytes(GBK))).lines());
        assertTrue(bill(zip("x_业务明细.csv", DETAIL)).toString().startsWith("AlipayBill[2026-11-23, "));
    }

    @Test
    void fuzzedFilesGiveLinesOrTypedErrorsOnly() throws Exception {
        SplittableRandom random = new SplittableRandom(1123);
        byte[] good = zip("x_业务明细.csv", DETAIL).toByteArray();
        int rejected = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] b;
            if (i % 3 == 0) {
                // mutate the CSV text, keep the zip valid
                char[] c = DETAIL.toCharArray();
                for (int k = 1 + random.nextInt(5); k > 0; k--) {
                    String alphabet = ",\n#-.交退\t0";
                    c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                }
                b = zip("x_业务明细.csv", new String(c)).toByteArray();
            } else {
                b = good.clone();
                for (int k = 1 + random.nextInt(8); k > 0; k--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                if (random.nextInt(5) == 0) {
                    b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
                }
            }
            try {
                bill(Bytes.copyOf(b)).lines();
            } catch (ChannelMalformedResponseException e) {
                assertEquals("alipay", e.channel());
                rejected++;
            }
        }
        assertTrue(rejected > 0, "some mutations must be rejected");
    }
}
