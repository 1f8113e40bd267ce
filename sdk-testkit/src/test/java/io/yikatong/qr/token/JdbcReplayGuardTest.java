package io.yikatong.qr.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.testkit.SettableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class JdbcReplayGuardTest {

    private static final AtomicInteger DB = new AtomicInteger();

    private static DataSource newDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:replay" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static long rows(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + JdbcReplayGuard.DEFAULT_TABLE)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void twoServersSharingOneDatabaseAcceptEachTokenExactlyOnce() throws Exception {
        DataSource ds = newDatabase();
        JdbcReplayGuard serverA = JdbcReplayGuard.create(ds);
        JdbcReplayGuard serverB = JdbcReplayGuard.create(ds);
        Instant now = TokenFixtures.T0;
        Instant forget = now.plusSeconds(600);
        int tokens = 200;
        int threads = 8;
        AtomicInteger[] accepts = new AtomicInteger[tokens];
        for (int i = 0; i < tokens; i++) {
            accepts[i] = new AtomicInteger();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            JdbcReplayGuard guard = t % 2 == 0 ? serverA : serverB;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < tokens; i++) {
                    if (guard.recordFirstUse(i % 2 == 0 ? "330100" : "440300", 1000L + i, forget, now)) {
                        accepts[i].incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        for (int i = 0; i < tokens; i++) {
            assertEquals(1, accepts[i].get(), "token " + i);
        }
        assertEquals(tokens, rows(ds));
    }

    @Test
    void sameNonceOfAnotherIssuerIsADifferentToken() throws Exception {
        JdbcReplayGuard guard = JdbcReplayGuard.create(newDatabase());
        Instant now = TokenFixtures.T0;
        assertTrue(guard.recordFirstUse("A", 5, now.plusSeconds(60), now));
        assertTrue(guard.recordFirstUse("B", 5, now.plusSeconds(60), now));
        assertFalse(guard.recordFirstUse("A", 5, now.plusSeconds(60), now));
    }

    @Test
    void expiredRowsArePurged() throws Exception {
        DataSource ds = newDatabase();
        JdbcReplayGuard guard = JdbcReplayGuard.create(ds, "ykt_replay_purge", Duration.ZERO);
        Instant now = TokenFixtures.T0;
        for (int i = 0; i < 10; i++) {
            assertTrue(guard.recordFirstUse("A", i, now.plusSeconds(60), now));
        }
        assertTrue(guard.recordFirstUse("A", 99, now.plusSeconds(600), now.plusSeconds(61)));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM ykt_replay_purge")) {
            r.next();
            assertEquals(1, r.getLong(1));
        }
    }

    @Test
    void verifierWithJdbcGuardAcrossTwoVerifiers() throws Exception {
        DataSource ds = newDatabase();
        SettableClock clock = SettableClock.of(TokenFixtures.T0);
        TrustList trust = TrustList.builder().addKey("330100", "k1", TokenFixtures.key("jdbc k1").publicKey()).build();
        TokenVerifier a = TokenVerifier.builder().trustList(trust).clock(clock)
                .replayGuard(JdbcReplayGuard.create(ds)).build();
        TokenVerifier b = TokenVerifier.builder().trustList(trust).clock(clock)
                .replayGuard(JdbcReplayGuard.create(ds)).build();
        String text = TokenIssuer.builder().signingKey(TokenFixtures.key("jdbc k1")).issuer("330100").keyId("k1")
                .clock(clock).build().issue(TokenClaims.builder().type(CredentialType.VISIT_PASS).subject("E1")
                        .ttl(Duration.ofMinutes(5)).oneTime(true).build());
        a.verify(text);
        assertEquals(TokenVerificationException.Reason.REPLAYED,
                assertThrows(TokenVerificationException.class, () -> b.verify(text)).reason());
    }

    @Test
    void databaseFailureIsTypedAndFailsClosed() throws Exception {
        JdbcDataSource broken = new JdbcDataSource();
        broken.setURL("jdbc:h2:mem:broken" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        JdbcReplayGuard guard = JdbcReplayGuard.create(broken);
        try (Connection c = broken.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + JdbcReplayGuard.DEFAULT_TABLE);
        }
        ReplayGuardException e = assertThrows(ReplayGuardException.class,
                () -> guard.recordFirstUse("A", 1, TokenFixtures.T0.plusSeconds(1), TokenFixtures.T0));
        assertEquals(ReplayGuardException.Kind.STORE_FAILED, e.kind());
        JdbcDataSource unreachable = new JdbcDataSource();
        unreachable.setURL("jdbc:h2:mem:x;IFEXISTS=TRUE");
        assertEquals(ReplayGuardException.Kind.STORE_FAILED,
                assertThrows(ReplayGuardException.class, () -> JdbcReplayGuard.create(unreachable)).kind());
    }

    @Test
    void tableNameAndIntervalAreChecked() {
        DataSource ds = newDatabase();
        assertEquals("table", assertThrows(InvalidInputException.class,
                () -> JdbcReplayGuard.create(ds, "t; DROP TABLE x", Duration.ZERO)).field());
        assertEquals("purgeInterval", assertThrows(InvalidInputException.class,
                () -> JdbcReplayGuard.create(ds, "t", Duration.ofDays(2))).field());
    }

    @Test
    void nonAutoCommitConnectionsAreCommitted() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:manual" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        DataSource manual = manualCommit(ds);
        JdbcReplayGuard guard = JdbcReplayGuard.create(manual);
        assertTrue(guard.recordFirstUse("A", 1, TokenFixtures.T0.plusSeconds(60), TokenFixtures.T0));
        assertFalse(guard.recordFirstUse("A", 1, TokenFixtures.T0.plusSeconds(60), TokenFixtures.T0));
        assertTrue(guard.recordFirstUse("A", 2, TokenFixtures.T0.plusSeconds(60), TokenFixtures.T0));
        assertEquals(2, rows(ds));
    }

    /** Hands out connections with auto-commit off, as some pools do. */
    private static DataSource manualCommit(JdbcDataSource target) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && (args == null || args.length == 0)) {
                        Connection c = target.getConnection();
                        c.setAutoCommit(false);
                        return c;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
