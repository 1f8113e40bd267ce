package io.yikatong.benchmarks;

import io.yikatong.core.crypto.Sm3;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SM3 throughput: Yikatong's engine against BouncyCastle (lightweight, reused and reset per call; JCA) and Tencent
 * Kona's pure-Java provider, in the same JVM. Compare ratios within one run only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm3Benchmark {

    @Param({"64", "8192"})
    public int size;

    private byte[] data;
    private final byte[] out = new byte[32];
    private final Sm3 oursReused = Sm3.create();
    private SM3Digest bc;
    private MessageDigest bcJca;
    private MessageDigest kona;

    @Setup
    public void setup() throws Exception {
        data = new byte[size];
        new Random(1).nextBytes(data);
        bc = new SM3Digest();
        Provider bcProvider = new BouncyCastleProvider();
        bcJca = MessageDigest.getInstance("SM3", bcProvider);
        if (Security.getProvider("KonaCrypto") == null) {
            Security.addProvider(new com.tencent.kona.crypto.KonaCryptoProvider());
        }
        kona = MessageDigest.getInstance("SM3", "KonaCrypto");
    }

    @Benchmark
    public byte[] yikatong() {
        return Sm3.digest(data);
    }

    /** A streaming {@code Sm3} object reused across messages, the same usage as the BC baseline below. */
    @Benchmark
    public byte[] yikatongReused() {
        return oursReused.update(data).digest();
    }

    @Benchmark
    public byte[] bcLightweightReused() {
        bc.update(data, 0, data.length);
        bc.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] bcJca() {
        return bcJca.digest(data);
    }

    @Benchmark
    public byte[] kona() {
        return kona.digest(data);
    }
}
