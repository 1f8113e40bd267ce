package io.yikatong.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.Money;
import io.yikatong.payment.NotificationResult;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.QrPayment;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalStorageException;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.wechat.WechatPayChannel;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Handles payment notifications (支付结果通知) in a web handler: a kiosk shows a QR code (Native payment), the patient
 * pays on the phone, WeChat Pay posts the result to the HIS, and the handler hands the raw body and headers to
 * {@link PaymentClient#handleNotification}, which verifies, decrypts and applies it exactly once.
 *
 * <p>The rules the handler follows, whatever your web framework: read the body as bytes, exactly as received (never a
 * re-serialised object); answer 204 when it was applied or was a duplicate, 400 when it was rejected (WeChat retries,
 * a forger gets nothing), 500 when your journal failed (WeChat retries later). Run with
 * {@code java -cp yikatong.jar io.yikatong.samples.PaymentNotificationSample}.
 */
public final class PaymentNotificationSample {

    private PaymentNotificationSample() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("yikatong-sample-");
        AtomicReference<PaymentClient> payments = new AtomicReference<>();
        CountDownLatch applied = new CountDownLatch(1);

        // your HIS's notification endpoint (here the JDK's HttpServer; the same in a servlet or Spring controller)
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/pay/notify/wechat", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] raw = in.readAllBytes();                              // the exact bytes: they are signed
                int status;
                try {
                    NotificationResult r = payments.get().handleNotification("wechat", headers(exchange), raw);
                    System.out.println("notified  " + r);
                    applied.countDown();
                    status = 204;
                } catch (NotificationRejectedException e) {
                    System.out.println("rejected  " + e.errorCode());          // never the body: personal data
                    status = 400;
                } catch (JournalStorageException e) {
                    status = 500;                                            // WeChat Pay retries later
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        http.start();
        URI notifyUrl = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/pay/notify/wechat");
        try (SampleGateways.Wechat gateway = SampleGateways.wechat(notifyUrl);
                JdbcPaymentJournal journal = JdbcPaymentJournal.embedded(data.resolve("journal"))) {
            payments.set(PaymentClient.builder().journal(journal)
                    .channel(WechatPayChannel.create(gateway.client(), notifyUrl)).build());

            String orderNo = "KIOSK" + System.currentTimeMillis();
            PaymentOutcome created = payments.get().qrPay(new QrPayment("wechat", orderNo, Money.parseYuan("25.00"),
                    "门诊缴费"));
            System.out.println("show QR   " + ((PaymentOutcome.Pending) created).codeUrl());

            gateway.simulator().duplicateNotifications(2);   // real gateways repeat notifications: applied once
            gateway.simulator().payNative(orderNo);           // the patient scans and pays on the phone
            if (!applied.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no notification arrived");
            }
            Thread.sleep(300);                                // let the duplicates arrive too
            System.out.println("journal   " + journal.find(orderNo).orElseThrow().state());
            System.out.println("changes   " + journal.events(orderNo).stream()
                    .filter(e -> "PAID".equals(e.toState())).count() + " to PAID");
        } finally {
            http.stop(0);
        }
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> h.put(k, v.get(0)));
        return h;
    }
}
