package io.yikatong.core.crypto.internal;

import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.G;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.N;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.oracle;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.publicKey;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.randomScalar;
import static io.yikatong.core.crypto.internal.Sm2FastVerifierTestSupport.to32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** One shared instance, many threads verifying valid and invalid signatures at once. */
class Sm2FastVerifierConcurrencyTest {

    private static final long SEED = 0xC0_C0_2024L;

    @Test
    void sharedInstanceGivesCorrectResultsUnderConcurrency() throws Exception {
        Random rnd = new Random(SEED);
        BigInteger d = randomScalar(rnd);
        ECPoint q = publicKey(d);
        int cases = 64;
        byte[][] es = new byte[cases][];
        BigInteger[] rs = new BigInteger[cases];
        BigInteger[] ss = new BigInteger[cases];
        boolean[] expected = new boolean[cases];
        int valid = 0;
        for (int i = 0; i < cases; i++) {
            BigInteger s = randomScalar(rnd);
            BigInteger r = randomScalar(rnd);
            ECPoint sum = ECAlgorithms.sumOfTwoMultiplies(G, s, q, r.add(s).mod(N)).normalize();
            BigInteger e = r.subtract(sum.getAffineXCoord().toBigInteger()).mod(N);
            if (i % 2 == 1) {
                e = e.add(BigInteger.ONE); // invalid half
            }
            es[i] = to32(e);
            rs[i] = r;
            ss[i] = s;
            expected[i] = oracle(q, es[i], r, s);
            valid += expected[i] ? 1 : 0;
        }
        assertEquals(cases / 2, valid);

        // built here, published to the workers through the executor; they verify through it simultaneously
        Sm2FastVerifier shared = Sm2FastVerifier.forPublicKey(q);
        int threads = 8;
        int rounds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int offset = t * 7;
                futures.add(pool.submit(() -> {
                    start.await();
                    int mismatches = 0;
                    for (int round = 0; round < rounds; round++) {
                        for (int k = 0; k < cases; k++) {
                            int i = (k + offset + round) % cases;
                            if (shared.verify(es[i], rs[i], ss[i]) != expected[i]) {
                                mismatches++;
                            }
                        }
                    }
                    return mismatches;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(5, TimeUnit.MINUTES);
            }
            assertEquals(0, total, "seed=" + SEED);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
    }
}
