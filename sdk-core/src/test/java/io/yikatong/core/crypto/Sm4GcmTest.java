package io.yikatong.core.crypto;

import static io.yikatong.core.crypto.Sm3Sm4TestSupport.assertHexEquals;
import static io.yikatong.core.crypto.Sm3Sm4TestSupport.kat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.core.InvalidInputException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class Sm4GcmTest {

    private static final long SEED = 0x6C6DL;

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] bcGcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in) throws Exception {
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[gcm.getOutputSize(in.length)];
        int n = gcm.processBytes(in, 0, in.length, out, 0);
        n += gcm.doFinal(out, n);
        return Arrays.copyOf(out, n);
    }

    @Test
    void rfc8998AppendixAVector() throws Exception {
        byte[] key = kat("gcm.key");
        byte[] expected = concat(kat("gcm.ciphertext"), kat("gcm.tag"));
        // the transcribed vector agrees with BouncyCastle, an independent implementation
        assertHexEquals(expected, bcGcm(true, key, kat("gcm.nonce"), kat("gcm.aad"), kat("gcm.plaintext")),
                "BC vs RFC 8998 vector");
        Sm4Gcm gcm = Sm4Gcm.of(Sm4Key.of(key));
        assertHexEquals(expected, gcm.encrypt(kat("gcm.nonce"), kat("gcm.plaintext"), kat("gcm.aad")), "RFC 8998");
        assertHexEquals(kat("gcm.plaintext"), gcm.decrypt(kat("gcm.nonce"), expected, kat("gcm.aad")), "decrypt");
    }

    @Test
    void matchesBouncyCastleOnRandomInputs() throws Exception {
        Random rnd = new Random(SEED);
        for (int iter = 0; iter < 300; iter++) {
            byte[] key = new byte[16];
            byte[] nonce = new byte[12];
            rnd.nextBytes(key);
            rnd.nextBytes(nonce);
            byte[] aad = new byte[iter % 5 == 0 ? 0 : rnd.nextInt(70)];
            byte[] pt = new byte[iter < 40 ? iter : rnd.nextInt(3000)];
            rnd.nextBytes(aad);
            rnd.nextBytes(pt);
            Sm4Gcm gcm = Sm4Gcm.of(Sm4Key.of(key));
            String ctx = "seed=" + SEED + " iter=" + iter + " aad=" + aad.length + " len=" + pt.length;
            byte[] ours = gcm.encrypt(nonce, pt, aad.length == 0 && iter % 2 == 0 ? null : aad);
            assertHexEquals(bcGcm(true, key, nonce, aad, pt), ours, "encrypt " + ctx);
            assertHexEquals(pt, gcm.decrypt(nonce, ours, aad), "decrypt " + ctx);
        }
    }

    @Test
    void anyChangeIsDetected() throws Exception {
        Sm4Gcm gcm = Sm4Gcm.of(Sm4Key.generate(new SecureRandom()));
        byte[] nonce = new byte[12];
        byte[] aad = {1, 2, 3};
        byte[] sealed = gcm.encrypt(nonce, new byte[40], aad);
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= (byte) 0x80;
            assertThrows(DecryptionException.class, () -> gcm.decrypt(nonce, bad, aad), "byte " + i);
        }
        byte[] otherNonce = nonce.clone();
        otherNonce[11] = 1;
        assertThrows(DecryptionException.class, () -> gcm.decrypt(otherNonce, sealed, aad));
        assertThrows(DecryptionException.class, () -> gcm.decrypt(nonce, sealed, new byte[] {1, 2}));
        assertThrows(DecryptionException.class, () -> gcm.decrypt(nonce, sealed, null));
        assertThrows(DecryptionException.class, () -> gcm.decrypt(nonce, Arrays.copyOf(sealed, 15), aad));
        assertThrows(DecryptionException.class, () -> gcm.decrypt(nonce, Arrays.copyOf(sealed, 50), aad));
        assertThrows(DecryptionException.class,
                () -> Sm4Gcm.of(Sm4Key.generate(new SecureRandom())).decrypt(nonce, sealed, aad));
    }

    @Test
    void argumentErrorsNameTheField() {
        Sm4Gcm gcm = Sm4Gcm.of(Sm4Key.generate(new SecureRandom()));
        assertEquals("nonce", assertThrows(InvalidInputException.class,
                () -> gcm.encrypt(new byte[16], new byte[1], null)).field());
        assertEquals("nonce", assertThrows(InvalidInputException.class,
                () -> gcm.decrypt(null, new byte[20], null)).field());
        assertEquals("plaintext", assertThrows(InvalidInputException.class,
                () -> gcm.encrypt(new byte[12], null, null)).field());
        assertEquals("key", assertThrows(InvalidInputException.class, () -> Sm4Gcm.of(null)).field());
    }
}
