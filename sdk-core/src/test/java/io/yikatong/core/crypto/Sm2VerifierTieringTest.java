package io.yikatong.core.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.crypto.internal.Sm2KeyState;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A key is verified without tables until it is used {@link Sm2KeyState#FAST_TABLE_THRESHOLD} times, then with the
 * precomputed tables: verdicts must be identical on both sides of the switch, for valid and tampered signatures.
 */
class Sm2VerifierTieringTest {

    @Test
    void verdictsAreIdenticalBeforeAndAfterTablesAreBuilt() throws Exception {
        Random rnd = new Random(0x7137);
        for (Sm2SignatureFormat format : Sm2SignatureFormat.values()) {
            Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
            // a fresh key object from its encoding, as an integration decoding per call would get
            Sm2PublicKey key = Sm2PublicKey.fromRawPoint(pair.publicKey().toUncompressedPoint());
            Sm2Signer signer = Sm2Signer.builder(pair.privateKey()).format(format).build();
            Sm2Verifier verifier = Sm2Verifier.builder(key).format(format).build();
            boolean sawSlowPath = false;
            for (int i = 0; i < 3 * Sm2KeyState.FAST_TABLE_THRESHOLD; i++) {
                sawSlowPath |= !key.state().hasFastTables();
                byte[] message = ("record " + i).getBytes(StandardCharsets.UTF_8);
                byte[] signature = signer.sign(message);
                verifier.verify(message, signature);
                byte[] tampered = signature.clone();
                tampered[rnd.nextInt(tampered.length)] ^= (byte) (1 << rnd.nextInt(8));
                assertThrows(SignatureVerificationException.class, () -> verifier.verify(message, tampered));
                byte[] otherMessage = ("record " + i + "!").getBytes(StandardCharsets.UTF_8);
                assertThrows(SignatureVerificationException.class, () -> verifier.verify(otherMessage, signature));
            }
            assertTrue(sawSlowPath, "first verifications ran without tables");
            assertTrue(key.state().hasFastTables(), "a hot key gets precomputed tables");
        }
    }

    @Test
    void keysUsedOnceNeverBuildTables() throws Exception {
        Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
        Sm2PublicKey key = Sm2PublicKey.fromRawPoint(pair.publicKey().toUncompressedPoint());
        byte[] m = {1, 2, 3};
        Sm2Verifier.builder(key).build().verify(m, Sm2Signer.builder(pair.privateKey()).build().sign(m));
        assertFalse(key.state().hasFastTables());
    }
}
