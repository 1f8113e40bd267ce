package io.yikatong.benchmarks;

import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4Mac;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.macs.CBCBlockCipherMac;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The PBOC / secure-messaging SM4 MAC (ISO 9797-1 MAC 1, padding method 2, zero IV, full 16-byte block): Yikatong
 * against BouncyCastle {@code CBCBlockCipherMac(SM4Engine, ISO7816d4Padding)} reused with its key schedule kept
 * (doFinal resets it to the IV). Compare ratios within one run only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm4MacBenchmark {

    @Param({"64", "1024"})
    public int size;

    private byte[] data;
    private final byte[] iv = new byte[16];
    private final byte[] out = new byte[16];
    private Sm4Mac ours;
    private CBCBlockCipherMac bc;

    @Setup
    public void setup() {
        Random rnd = new Random(3);
        data = new byte[size];
        rnd.nextBytes(data);
        byte[] key = new byte[16];
        rnd.nextBytes(key);
        ours = Sm4Mac.of(Sm4Key.of(key), Sm4Mac.Padding.ISO9797_1_METHOD_2);
        bc = new CBCBlockCipherMac(new SM4Engine(), 128, new ISO7816d4Padding());
        bc.init(new ParametersWithIV(new KeyParameter(key), iv));
    }

    @Benchmark
    public byte[] yikatong() {
        return ours.compute(iv, data);
    }

    @Benchmark
    public byte[] bcReused() {
        bc.update(data, 0, data.length);
        bc.doFinal(out, 0);
        return out;
    }
}
