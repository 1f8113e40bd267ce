package io.yikatong.qr.medicalinsurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.ErrorCategory;
import io.yikatong.core.domain.Gender;
import io.yikatong.testkit.SettableClock;
import io.yikatong.testkit.qr.medicalinsurance.MedicalInsuranceVoucherSimulator;
import io.yikatong.testkit.qr.medicalinsurance.MedicalInsuranceVoucherSimulator.InsuredPerson;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MedicalInsuranceVoucherClientTest {

    private static final String ID = "11010519491231002X";
    private final SettableClock clock = SettableClock.of(Instant.parse("2024-03-01T02:00:00Z"));
    private final InsuredPerson wang = new InsuredPerson("王五", ID, "01", "110100", Gender.MALE,
            LocalDate.of(1949, 12, 31));
    private MedicalInsuranceVoucherSimulator sim;
    private MedicalInsuranceVoucherClient client;

    @BeforeEach
    void start() throws Exception {
        sim = MedicalInsuranceVoucherSimulator.builder().orgId("H11010500001").clock(clock).seed(7)
                .ecTokenLifetime(Duration.ofMinutes(30)).build().start(0);
        client = client(sim.baseUri(), "H11010500001").build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static MedicalInsuranceVoucherClient.Builder client(URI base, String org) {
        return MedicalInsuranceVoucherClient.builder().baseUri(base).orgId(org).operator("OP01", "李收费")
                .office("K001", "门诊收费处").requestTimeout(Duration.ofSeconds(5));
    }

    @Test
    void scannedVoucherYieldsTypedIdentityAndValidToken() throws Exception {
        String code = sim.issueVoucher(wang, clock.instant().plusSeconds(60));
        assertTrue(code.matches("[0-9]{28}"), "opaque 28-digit code");
        sim.present(code);
        VoucherIdentity id = client.query(BusinessType.OUTPATIENT_REGISTRATION);
        assertEquals("王五", id.userName());
        assertEquals(ID, id.idNo());
        assertEquals("01", id.idType());
        assertEquals("110100", id.insuOrg());
        assertEquals(Gender.MALE, id.gender().orElseThrow());
        assertEquals(LocalDate.of(1949, 12, 31), id.birthday().orElseThrow());
        assertEquals(32, id.ecToken().length());
        assertEquals(32, id.ecIndexNo().length());
        assertFalse(id.toString().contains(ID));
        assertFalse(id.toString().contains("王五"));
        assertFalse(id.toString().contains(id.ecToken()));
        client.checkEcToken(id);
        assertEquals(1, sim.requestCount("localEcTokenCheck"));
    }

    @Test
    void alreadyScannedCodeIsPassedAlong() throws Exception {
        String code = sim.issueVoucher(wang, clock.instant().plusSeconds(60));
        assertEquals(ID, client.query(BusinessType.OUTPATIENT_SETTLEMENT, code).idNo());
    }

    @Test
    void refusals() {
        assertEquals(MedicalInsuranceVoucherSimulator.NO_CODE_SCANNED, refusedCode(() -> client.query(BusinessType.ADMISSION)));
        sim.present("0".repeat(28));
        assertEquals(MedicalInsuranceVoucherSimulator.UNKNOWN_VOUCHER, refusedCode(() -> client.query(BusinessType.ADMISSION)));
        String code = sim.issueVoucher(wang, clock.instant().plusSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        VoucherRefusedException e = assertThrows(VoucherRefusedException.class,
                () -> client.query(BusinessType.ADMISSION, code));
        assertEquals(MedicalInsuranceVoucherSimulator.VOUCHER_EXPIRED, e.serviceCode());
        assertEquals("ec.query", e.transType());
        assertEquals("电子凭证已过期", e.serviceMessage());
        assertEquals(ErrorCategory.REFUSED, e.category());
        MedicalInsuranceVoucherClient other = client(sim.baseUri(), "OTHER").build();
        assertEquals(MedicalInsuranceVoucherSimulator.UNKNOWN_ORG, refusedCode(() -> other.query(BusinessType.ADMISSION,
                code)));
    }

    interface Call {
        void run() throws Exception;
    }

    private static int refusedCode(Call call) {
        return assertThrows(VoucherRefusedException.class, call::run).serviceCode();
    }

    @Test
    void expiredOrForeignTokenFailsTheCheck() throws Exception {
        String code = sim.issueVoucher(wang, clock.instant().plusSeconds(600));
        VoucherIdentity id = client.query(BusinessType.OUTPATIENT_REGISTRATION, code);
        VoucherIdentity forged = new VoucherIdentity(id.userName(), "110105194912310037", id.idType(), id.insuOrg(),
                id.ecIndexNo(), id.ecToken(), id.gender(), id.birthday());
        VoucherRefusedException e = assertThrows(VoucherRefusedException.class, () -> client.checkEcToken(forged));
        assertEquals(0, e.serviceCode());
        client.checkEcToken(id);
        clock.advance(Duration.ofMinutes(30));
        assertThrows(VoucherRefusedException.class, () -> client.checkEcToken(id));
    }

    @Test
    void silentServiceIsALinkFailureWithinTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        stub.setExecutor(Executors.newCachedThreadPool());
        stub.createContext("/", ex -> {
            calls.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        stub.start();
        try {
            MedicalInsuranceVoucherClient c = client(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
                    "ORG").requestTimeout(Duration.ofMillis(1500)).build();
            long t0 = System.nanoTime();
            VoucherLinkException e = assertThrows(VoucherLinkException.class,
                    () -> c.query(BusinessType.OUTPATIENT_REGISTRATION));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 1500 && ms < 10_000, "took " + ms);
            assertEquals(ErrorCategory.LINK_FAILED, e.category());
            // on a loaded machine the stub may dispatch the request after the client gave up: wait (bounded) for it
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (calls.get() == 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(1, calls.get(), "ec.query is sent once and never repeated");
        } finally {
            release.countDown();
            stub.stop(0);
        }
    }

    @Test
    void garbageIsMalformedAndHttpErrorsAreLinkFailures() throws Exception {
        String[] bodies = {"<html>", "{}", "{\"code\":\"x\"}", "{\"code\":0,\"data\":[]}", "{\"code\":0,\"data\":{}}",
            "{\"code\":0,\"data\":{\"userName\":\"A\",\"idNo\":\"1\",\"idType\":\"01\",\"ecIndexNo\":\"I\","
                + "\"ecToken\":\"T\",\"gender\":\"7\"}}",
            "{\"code\":0,\"data\":{\"userName\":\"A\",\"idNo\":\"1\",\"idType\":\"01\",\"ecIndexNo\":\"I\","
                + "\"ecToken\":\"T\",\"birthday\":\"2024-02-30\"}}"};
        for (String body : bodies) {
            HttpServer stub = stub(200, body);
            try {
                MedicalInsuranceVoucherClient c = client(URI.create("http://127.0.0.1:"
                        + stub.getAddress().getPort()), "ORG").build();
                assertThrows(VoucherMalformedResponseException.class,
                        () -> c.query(BusinessType.OUTPATIENT_REGISTRATION), body);
            } finally {
                stub.stop(0);
            }
        }
        HttpServer stub = stub(500, "{}");
        try {
            MedicalInsuranceVoucherClient c = client(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
                    "ORG").build();
            assertEquals(500, assertThrows(VoucherLinkException.class,
                    () -> c.query(BusinessType.OUTPATIENT_REGISTRATION)).httpStatus());
        } finally {
            stub.stop(0);
        }
    }

    private static HttpServer stub(int status, String body) throws Exception {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        stub.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        stub.start();
        return stub;
    }

    @Test
    void eightThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                String code = sim.issueVoucher(wang, clock.instant().plusSeconds(600));
                futures.add(pool.submit(() -> {
                    VoucherIdentity id = client.query(BusinessType.DISPENSING, code);
                    client.checkEcToken(id);
                    return id.ecToken();
                }));
            }
            Set<String> tokens = new HashSet<>();
            for (Future<String> f : futures) {
                tokens.add(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(160, tokens.size());
            assertEquals(160, sim.requestCount("ec.query"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void businessTypeCodes() {
        assertEquals("01101", BusinessType.OUTPATIENT_REGISTRATION.code());
        assertEquals("02122", BusinessType.DOWNLOAD_EXTERNAL_PRESCRIPTION.code());
        for (BusinessType t : BusinessType.values()) {
            assertEquals(t, BusinessType.find(t.code()).orElseThrow());
            assertTrue(t.code().matches("[0-9]{5}"));
        }
        assertTrue(BusinessType.find("99999").isEmpty());
    }
}
