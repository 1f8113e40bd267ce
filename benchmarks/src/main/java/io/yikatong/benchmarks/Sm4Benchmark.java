package io.yikatong.benchmarks;

import io.yikatong.core.crypto.Sm4Cipher;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4Mode;
import io.yikatong.core.crypto.Sm4Padding;
import java.security.Security;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
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
 * SM4-CBC (no padding) encryption of one message with a fresh IV per message, and SM4-ECB; Yikatong against
 * BouncyCastle (lightweight and JCA) and Tencent Kona in the same JVM. Compare ratios within one run only.
 *
 * <p>Variants: {@code cachedKey} = the key schedule is reused, only the IV changes per message;
 * {@code keyPerMessage} = a new key object (and key schedule) per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm4Benchmark {

    @Param({"64", "8192"})
    public int size;

    private byte[] data;
    private byte[] out;
    private byte[] keyBytes;
    private byte[] iv;
    private Sm4Cipher cbc;
    private Sm4Cipher ecb;
    private BlockCipher bcCbc;
    private SM4Engine bcEcb;
    private KeyParameter bcKey;
    private Cipher bcJca;
    private Cipher kona;
    private SecretKeySpec jcaKey;

    @Setup
    public void setup() throws Exception {
        Random rnd = new Random(2);
        data = new byte[size];
        rnd.nextBytes(data);
        out = new byte[size];
        keyBytes = new byte[16];
        rnd.nextBytes(keyBytes);
        iv = new byte[16];
        rnd.nextBytes(iv);
        Sm4Key key = Sm4Key.of(keyBytes);
        cbc = Sm4Cipher.builder().key(key).mode(Sm4Mode.CBC).padding(Sm4Padding.NONE).build();
        ecb = Sm4Cipher.builder().key(key).mode(Sm4Mode.ECB).padding(Sm4Padding.NONE).build();
        bcKey = new KeyParameter(keyBytes);
        bcCbc = CBCBlockCipher.newInstance(new SM4Engine());
        bcCbc.init(true, new ParametersWithIV(bcKey, iv));
        bcEcb = new SM4Engine();
        bcEcb.init(true, bcKey);
        jcaKey = new SecretKeySpec(keyBytes, "SM4");
        bcJca = Cipher.getInstance("SM4/CBC/NoPadding", new BouncyCastleProvider());
        if (Security.getProvider("KonaCrypto") == null) {
            Security.addProvider(new com.tencent.kona.crypto.KonaCryptoProvider());
        }
        kona = Cipher.getInstance("SM4/CBC/NoPadding", "KonaCrypto");
    }

    private void nextIv() {
        iv[0]++; // a different IV per message, as a real caller would use
    }

    @Benchmark
    public byte[] cbcYikatongCachedKey() {
        nextIv();
        return cbc.encrypt(iv, data);
    }

    @Benchmark
    public byte[] cbcYikatongKeyPerMessage() {
        nextIv();
        return Sm4Cipher.builder().key(Sm4Key.of(keyBytes)).mode(Sm4Mode.CBC).padding(Sm4Padding.NONE).build()
                .encrypt(iv, data);
    }

    /** BC lightweight, reused objects, only the IV set per message (BC keeps the key schedule). */
    @Benchmark
    public byte[] cbcBcCachedKey() {
        nextIv();
        bcCbc.init(true, new ParametersWithIV(null, iv));
        for (int i = 0; i < size; i += 16) {
            bcCbc.processBlock(data, i, out, i);
        }
        return out;
    }

    /** BC lightweight, reused objects, key and IV set per message (BC recomputes the key schedule). */
    @Benchmark
    public byte[] cbcBcKeyAndIvPerMessage() {
        nextIv();
        bcCbc.init(true, new ParametersWithIV(bcKey, iv));
        for (int i = 0; i < size; i += 16) {
            bcCbc.processBlock(data, i, out, i);
        }
        return out;
    }

    /** BC lightweight, a new engine per message. */
    @Benchmark
    public byte[] cbcBcNewEngine() {
        nextIv();
        BlockCipher c = CBCBlockCipher.newInstance(new SM4Engine());
        c.init(true, new ParametersWithIV(new KeyParameter(keyBytes), iv));
        byte[] o = new byte[size];
        for (int i = 0; i < size; i += 16) {
            c.processBlock(data, i, o, i);
        }
        return o;
    }

    @Benchmark
    public byte[] cbcBcJca() throws Exception {
        nextIv();
        bcJca.init(Cipher.ENCRYPT_MODE, jcaKey, new IvParameterSpec(iv));
        return bcJca.doFinal(data);
    }

    @Benchmark
    public byte[] cbcKona() throws Exception {
        nextIv();
        kona.init(Cipher.ENCRYPT_MODE, jcaKey, new IvParameterSpec(iv));
        return kona.doFinal(data);
    }

    @Benchmark
    public byte[] ecbYikatong() {
        return ecb.encrypt(data);
    }

    @Benchmark
    public byte[] ecbBc() {
        for (int i = 0; i < size; i += 16) {
            bcEcb.processBlock(data, i, out, i);
        }
        return out;
    }
}
