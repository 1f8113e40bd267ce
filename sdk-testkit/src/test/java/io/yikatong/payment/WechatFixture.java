package io.yikatong.payment;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalEvent;
import io.yikatong.payment.journal.PaymentJournal;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.spi.PaymentChannelAdapter;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.testkit.SettableClock;
import io.yikatong.testkit.payment.wechat.WechatPaySimulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A WeChat Pay simulator on loopback, an H2 journal in a directory, a notify endpoint that feeds
 * {@link PaymentClient#handleNotification}, and a sleeper that advances a test clock. Not thread-safe to set up;
 * the client and receiver are thread-safe.
 */
final class WechatFixture implements AutoCloseable {

    static final byte[] API_V3_KEY = "0123456789abcdefghijABCDEFGHIJ01".getBytes(StandardCharsets.US_ASCII);
    static final String AUTH_CODE = "134567890123456789";
    static final String DECLINED_CODE = "139912345678901234";
    static final String MCHID = "1900000001";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static KeyPair merchant;

    final SettableClock clock = SettableClock.of(Instant.now());
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final List<NotificationResult> handled = new CopyOnWriteArrayList<>();
    final List<Exception> rejected = new CopyOnWriteArrayList<>();
    final AtomicReference<PaymentClient> notified = new AtomicReference<>();
    /** When not empty, notifications go to these clients in turn (several HIS instances behind one URL). */
    volatile List<PaymentClient> notifiedInTurn = List.of();
    private final AtomicInteger turn = new AtomicInteger();
    final java.util.concurrent.ExecutorService receiverPool = java.util.concurrent.Executors.newFixedThreadPool(4);
    final Path dir;
    final HttpServer receiver;
    final WechatPaySimulator sim;
    final WechatPayV3Client wire;
    final WechatPayChannel channel;
    JdbcPaymentJournal journal;
    PaymentClient client;

    WechatFixture(Path dir) throws Exception {
        this.dir = dir;
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.createContext("/notify", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                int status;
                try {
                    List<PaymentClient> targets = notifiedInTurn;
                    PaymentClient target = targets.isEmpty() ? notified.get()
                            : targets.get(Math.floorMod(turn.getAndIncrement(), targets.size()));
                    handled.add(target.handleNotification("wechat", headers, body));
                    status = 204;
                } catch (NotificationRejectedException | RuntimeException e) {
                    rejected.add(e);
                    status = 400;
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        receiver.setExecutor(receiverPool);
        receiver.start();
        URI notifyUrl = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify");
        sim = WechatPaySimulator.builder().mchid(MCHID).merchantRsaKey("MSERIAL", merchant().getPublic())
                .apiV3Key(API_V3_KEY).notifyUrl(notifyUrl).clock(clock).start(0);
        wire = WechatPayV3Client.builder().baseUri(sim.baseUri()).appid("wxd678efh567hg6787")
                .signer(MerchantSigner.rsa(MCHID, "MSERIAL", merchant().getPrivate()))
                .verifier(sim.platformVerifier()).apiV3Key(API_V3_KEY).requestTimeout(Duration.ofSeconds(5)).clock(clock)
                .build();
        channel = WechatPayChannel.create(wire, notifyUrl);
        openJournal();
        client = newClient(channel);
        notified.set(client);
    }

    static synchronized KeyPair merchant() throws Exception {
        if (merchant == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom());
            merchant = g.generateKeyPair();
        }
        return merchant;
    }

    static String no() {
        return "T" + System.nanoTime() % 1_000_000_000_000L + "x" + SEQ.incrementAndGet();
    }

    void openJournal() {
        journal = JdbcPaymentJournal.embedded(dir, clock, "test");
    }

    PaymentClient newClient(PaymentChannelAdapter adapter) {
        return newClient(journal, adapter);
    }

    PaymentClient newClient(PaymentJournal on, PaymentChannelAdapter adapter) {
        return PaymentClient.builder().journal(on).channel(adapter).clock(clock)
                .sleeper(d -> {
                    sleeps.add(d);
                    clock.advance(d);
                }).build();
    }

    PaymentClient newClient(UnaryOperator<PaymentChannelAdapter> wrap) {
        return newClient(wrap.apply(channel));
    }

    /** Counts applied changes of a payment (not its refunds) to a state. */
    long changesTo(String no, String state) {
        return journal.events(no).stream().filter(e -> e.merchantRefundNo() == null
                && e.kind() == JournalEvent.Kind.CHANGED && state.equals(e.toState())).count();
    }

    /** Waits until the simulator has no notification in flight for a while (they are asynchronous). */
    void awaitNotifications(int atLeast) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (handled.size() + rejected.size() < atLeast && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
    }

    @Override
    public void close() throws IOException {
        sim.close();
        receiver.stop(0);
        receiverPool.shutdownNow();
        if (journal != null) {
            journal.close();
        }
    }
}
