package io.yikatong.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.crypto.internal.Sm2Curve;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.junit.jupiter.api.Test;

/** Differential tests against BouncyCastle's SM2Signer and SM2Engine on random keys, IDs and messages. */
class Sm2DifferentialTest {

    private static final long SEED = 0x5EED_0002L;
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(Sm2Curve.CURVE, Sm2Curve.G, Sm2Curve.N);

    private static ECPrivateKeyParameters bcPriv(Sm2PrivateKey k) {
        return new ECPrivateKeyParameters(new BigInteger(1, k.toRawScalar(InsecureKeyAccess.get())), DOMAIN);
    }

    private static ECPublicKeyParameters bcPub(Sm2PublicKey k) {
        return new ECPublicKeyParameters(Sm2Curve.CURVE.decodePoint(k.toUncompressedPoint()), DOMAIN);
    }

    @Test
    void signaturesAgreeWithBouncyCastleBothWays() throws Exception {
        Random rnd = new Random(SEED);
        SecureRandom sr = new SecureRandom();
        for (int i = 0; i < 60; i++) {
            String ctx = "seed=" + SEED + " iteration=" + i;
            Sm2KeyPair kp = Sm2KeyPair.generate(sr);
            byte[] id = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(40)];
            rnd.nextBytes(id);
            byte[] msg = new byte[rnd.nextInt(500)];
            rnd.nextBytes(msg);
            boolean raw = rnd.nextBoolean();
            Sm2SignatureFormat f = raw ? Sm2SignatureFormat.RAW : Sm2SignatureFormat.DER;

            // ours -> BC
            byte[] ours = Sm2Signer.builder(kp.privateKey()).userId(id).format(f).build().sign(msg);
            SM2Signer bcv = raw ? new SM2Signer(PlainDSAEncoding.INSTANCE) : new SM2Signer();
            bcv.init(false, new ParametersWithID(bcPub(kp.publicKey()), id));
            bcv.update(msg, 0, msg.length);
            assertTrue(bcv.verifySignature(ours), ctx);

            // BC -> ours
            SM2Signer bcs = raw ? new SM2Signer(PlainDSAEncoding.INSTANCE) : new SM2Signer();
            bcs.init(true, new ParametersWithID(new ParametersWithRandom(bcPriv(kp.privateKey()), sr), id));
            bcs.update(msg, 0, msg.length);
            byte[] theirs = bcs.generateSignature();
            Sm2Verifier v = Sm2Verifier.builder(kp.publicKey()).userId(id).format(f).build();
            v.verify(msg, theirs);

            // tampered: both reject
            byte[] bad = theirs.clone();
            bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
            bcv.init(false, new ParametersWithID(bcPub(kp.publicKey()), id));
            bcv.update(msg, 0, msg.length);
            boolean bcAccepts = bcv.verifySignature(bad);
            boolean weAccept;
            try {
                v.verify(msg, bad);
                weAccept = true;
            } catch (SignatureVerificationException e) {
                weAccept = false;
            }
            assertEquals(bcAccepts, weAccept, ctx);
            assertTrue(!weAccept, ctx);
        }
    }

    @Test
    void encryptionAgreesWithBouncyCastleBothWays() throws Exception {
        Random rnd = new Random(SEED + 1);
        SecureRandom sr = new SecureRandom();
        for (int i = 0; i < 40; i++) {
            String ctx = "seed=" + (SEED + 1) + " iteration=" + i;
            Sm2KeyPair kp = Sm2KeyPair.generate(sr);
            byte[] m = new byte[1 + rnd.nextInt(300)];
            rnd.nextBytes(m);
            boolean c1c3c2 = rnd.nextBoolean();
            SM2Engine.Mode mode = c1c3c2 ? SM2Engine.Mode.C1C3C2 : SM2Engine.Mode.C1C2C3;
            Sm2CiphertextFormat f = c1c3c2 ? Sm2CiphertextFormat.C1C3C2 : Sm2CiphertextFormat.C1C2C3;

            byte[] ours = Sm2Encrypter.builder(kp.publicKey()).format(f).build().encrypt(m);
            SM2Engine dec = new SM2Engine(new SM3Digest(), mode);
            dec.init(false, bcPriv(kp.privateKey()));
            assertArrayEquals(m, dec.processBlock(ours, 0, ours.length), ctx);

            SM2Engine enc = new SM2Engine(new SM3Digest(), mode);
            CipherParameters p = new ParametersWithRandom(bcPub(kp.publicKey()), sr);
            enc.init(true, p);
            byte[] theirs = enc.processBlock(m, 0, m.length);
            assertArrayEquals(m, Sm2Decrypter.create(kp.privateKey(), f).decrypt(theirs), ctx);

            // wrong layout or wrong key fails
            Sm2CiphertextFormat other = c1c3c2 ? Sm2CiphertextFormat.C1C2C3 : Sm2CiphertextFormat.C1C3C2;
            assertThrows(DecryptionException.class,
                    () -> Sm2Decrypter.create(kp.privateKey(), other).decrypt(theirs), ctx);
            Sm2PrivateKey wrong = Sm2KeyPair.generate(sr).privateKey();
            assertThrows(DecryptionException.class, () -> Sm2Decrypter.create(wrong, f).decrypt(theirs), ctx);
        }
    }
}
