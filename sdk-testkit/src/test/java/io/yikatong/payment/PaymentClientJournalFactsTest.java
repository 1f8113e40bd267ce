package io.yikatong.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.Decline;
import io.yikatong.payment.journal.JournalEvent;
import io.yikatong.payment.journal.PaymentEntry;
import io.yikatong.payment.journal.PaymentKind;
import io.yikatong.payment.journal.PaymentState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the payment client records in the journal as typed facts, against the WeChat Pay simulator. */
class PaymentClientJournalFactsTest {

    @TempDir
    Path dir;
    WechatFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new WechatFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void aQrPaymentRecordsItsKindAndCodeUrl() {
        String no = WechatFixture.no();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                f.client.qrPay(new QrPayment("wechat", no, Money.ofFen(2000), "检查费")));
        PaymentEntry e = f.journal.find(no).orElseThrow();
        assertEquals(PaymentKind.QR, e.kind());
        assertEquals(p.codeUrl(), e.codeUrl());
        assertNull(e.decline());
        for (JournalEvent ev : f.journal.events(no)) {
            assertFalse(ev.detail() != null && ev.detail().contains(p.codeUrl()),
                    "the code URL is a fact, not a note: " + ev);
        }
    }

    @Test
    void aDeclinedBarcodePaymentRecordsItsDeclineAndAQueryReadsIt() {
        String no = WechatFixture.no();
        PaymentOutcome.Declined d = assertInstanceOf(PaymentOutcome.Declined.class, f.client.barcodePay(
                new BarcodePayment("wechat", no, Money.ofFen(100), "挂号费", "999")));
        PaymentEntry e = f.journal.find(no).orElseThrow();
        assertEquals(PaymentState.DECLINED, e.state());
        assertEquals(PaymentKind.BARCODE, e.kind());
        assertEquals(new Decline(d.reason(), d.channelCode(), d.channelMessage()), e.decline());
        assertEquals(d, f.client.query(no), "read back from the journal, not asked again");
        assertEquals(d, f.client.barcodePay(new BarcodePayment("wechat", no, Money.ofFen(100), "挂号费", "999")));
    }
}
