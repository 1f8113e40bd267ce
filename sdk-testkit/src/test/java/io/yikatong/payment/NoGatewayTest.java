package io.yikatong.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.Money;
import io.yikatong.payment.alipay.AlipayChannel;
import io.yikatong.payment.alipay.AlipayClient;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.spi.PaymentChannelAdapter;
import io.yikatong.payment.spi.PaymentErrorCode;
import io.yikatong.payment.spi.PaymentException;
import io.yikatong.payment.spi.TransportProbe;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observed: a wrong gateway port took 75 s and ended "resumePending will retry". Now a gateway that cannot be reached
 * fails the new payment within seconds, closed in the journal (it was never sent); an unsigned 404 (not the gateway's
 * answer) fails it within seconds too, but leaves it pending: such an answer proves nothing about the order.
 */
class NoGatewayTest {

    /** Generous: the old behaviour took 75 s; the new one takes milliseconds. */
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    WechatFixture f;
    HttpServer notAGateway;
    final AtomicInteger notAGatewayRequests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        f = new WechatFixture(dir);
        notAGateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        notAGateway.createContext("/", exchange -> {
            try (exchange) {
                notAGatewayRequests.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                byte[] body = "<html><body>404 Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        notAGateway.start();
    }

    @AfterEach
    void stop() throws Exception {
        notAGateway.stop(0);
        f.close();
    }

    private URI notAGatewayUri() {
        return URI.create("http://127.0.0.1:" + notAGateway.getAddress().getPort() + "/");
    }

    private PaymentChannelAdapter wechatAt(URI base) throws Exception {
        WechatPayV3Client wire = WechatPayV3Client.builder().baseUri(base).appid("wxd678efh567hg6787")
                .signer(MerchantSigner.rsa(WechatFixture.MCHID, "MSERIAL", WechatFixture.merchant().getPrivate()))
                .verifier(f.sim.platformVerifier()).apiV3Key(WechatFixture.API_V3_KEY)
                .requestTimeout(Duration.ofSeconds(30)).clock(f.clock).build();
        return WechatPayChannel.create(wire, URI.create("http://127.0.0.1:9/notify"));
    }

    private PaymentChannelAdapter alipayAt(URI base) throws Exception {
        KeyPair app = WechatFixture.merchant();
        AlipayClient wire = AlipayClient.builder().gateway(base.resolve("/gateway.do")).appId("2021000000000001")
                .appPrivateKey(app.getPrivate()).alipayPublicKey(app.getPublic())
                .requestTimeout(Duration.ofSeconds(30)).build();
        return AlipayChannel.create(wire, URI.create("http://127.0.0.1:9/notify"));
    }

    private PaymentException failsWithin(PaymentClient client, String channel, String no, boolean qr) {
        long start = System.nanoTime();
        PaymentException e = assertThrows(PaymentException.class, () -> {
            if (qr) {
                client.qrPay(new QrPayment(channel, no, Money.ofFen(800), "挂号费"));
            } else {
                client.barcodePay(new BarcodePayment(channel, no, Money.ofFen(800), "挂号费", WechatFixture.AUTH_CODE));
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(WITHIN) < 0, "took " + took);
        assertEquals(PaymentErrorCode.CHANNEL_UNREACHABLE, e.errorCode());
        return e;
    }

    @Test
    void aClosedPortFailsTheNewPaymentAtOnceAndClosesIt() throws Exception {
        URI closed = TransportProbe.closedPort();
        for (PaymentChannelAdapter a : List.of(wechatAt(closed), alipayAt(closed))) {
            // the real sleeper: waiting would show in the time taken
            PaymentClient client = PaymentClient.builder().journal(f.journal).channel(a).clock(f.clock).build();
            for (boolean qr : List.of(false, true)) {
                String no = WechatFixture.no();
                PaymentException e = failsWithin(client, a.channelId(), no, qr);
                assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
                assertTrue(e.getMessage().contains("nothing was charged"), e.getMessage());
                assertEquals(PaymentState.CLOSED, f.journal.find(no).orElseThrow().state(),
                        "never sent: the number is retired, nothing is left for recovery");
            }
        }
        assertEquals(List.of(), f.client.resumePending());
    }

    @Test
    void anUnsignedNotFoundFailsTheNewPaymentAtOnceButLeavesItPending() throws Exception {
        for (PaymentChannelAdapter a : List.of(wechatAt(notAGatewayUri()), alipayAt(notAGatewayUri()))) {
            PaymentClient client = PaymentClient.builder().journal(f.journal).channel(a).clock(f.clock).build();
            for (boolean qr : List.of(false, true)) {
                String no = WechatFixture.no();
                int before = notAGatewayRequests.get();
                PaymentException e = failsWithin(client, a.channelId(), no, qr);
                assertEquals(before + 1, notAGatewayRequests.get(), "one request, no polling");
                assertTrue(e.getMessage().contains("proves nothing about the order"), e.getMessage());
                assertEquals(PaymentState.SENT, f.journal.find(no).orElseThrow().state(),
                        "an unauthenticated answer is not a decline: the order stays for recovery");
            }
        }
    }

    @Test
    void aPaymentLeftPendingByANonGatewayIsSettledByRecoveryAgainstTheRealGateway() throws Exception {
        String no = WechatFixture.no();
        PaymentClient wrong = PaymentClient.builder().journal(f.journal).channel(wechatAt(notAGatewayUri()))
                .clock(f.clock).build();
        failsWithin(wrong, "wechat", no, false);
        // the operator fixes the URL; the request never reached the real gateway, which does not know the order
        f.clock.advance(Duration.ofSeconds(31));
        RecoveryRun run = PaymentRecovery.builder(f.client).build().runOnce();
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)),
                run.entries().stream().map(RecoveryRun.Entry::outcome).toList());
        assertTrue(f.sim.order(no).isEmpty());
    }
}
