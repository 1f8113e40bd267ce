package io.yikatong.payment.wechat.internal;

import io.yikatong.core.crypto.DecryptionException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.core.crypto.Sm4Gcm;
import io.yikatong.core.crypto.Sm4Key;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature and AEAD primitives of WeChat Pay APIv3: SHA256withRSA and AES-256-GCM from the JDK, SM2-with-SM3 and
 * SM4-GCM from sdk-core.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class WechatCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private WechatCrypto() {
    }

    /** Signs a message; implementations are thread-safe. */
    public interface Signer {
        /**
         * Signs.
         *
         * @param message the message
         * @return the raw signature
         */
        byte[] sign(byte[] message);
    }

    /** Checks a signature; implementations are thread-safe. */
    public interface Checker {
        /**
         * Checks.
         *
         * @param message the message
         * @param signature the raw signature
         * @throws SignatureVerificationException if it does not verify
         */
        void check(byte[] message, byte[] signature) throws SignatureVerificationException;
    }

    /**
     * An RSA signer (SHA256withRSA).
     *
     * @param key the RSA private key
     * @return the signer
     */
    public static Signer rsaSigner(PrivateKey key) {
        return message -> {
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(key);
                s.update(message);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA256withRSA signing failed", e);
            }
        };
    }

    /**
     * An RSA checker (SHA256withRSA).
     *
     * @param key the RSA public key
     * @return the checker
     */
    public static Checker rsaChecker(PublicKey key) {
        return (message, signature) -> {
            boolean ok;
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initVerify(key);
                s.update(message);
                ok = s.verify(signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                ok = false;
            }
            if (!ok) {
                throw new SignatureVerificationException("SHA256withRSA signature invalid");
            }
        };
    }

    /**
     * An SM2-with-SM3 signer (default signer ID).
     *
     * @param key the SM2 private key
     * @param format the signature encoding
     * @return the signer
     */
    public static Signer sm2Signer(Sm2PrivateKey key, Sm2SignatureFormat format) {
        Sm2Signer signer = Sm2Signer.builder(key).format(format).build();
        return signer::sign;
    }

    /**
     * An SM2-with-SM3 checker (default signer ID).
     *
     * @param key the SM2 public key
     * @param format the signature encoding
     * @return the checker
     */
    public static Checker sm2Checker(Sm2PublicKey key, Sm2SignatureFormat format) {
        Sm2Verifier verifier = Sm2Verifier.builder(key).format(format).build();
        return verifier::verify;
    }

    /**
     * A fresh 32-character alphanumeric nonce.
     *
     * @return the nonce
     */
    public static String nonce() {
        char[] c = new char[32];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
        }
        return new String(c);
    }

    /**
     * AES-256-GCM encryption (128-bit tag appended).
     *
     * @param key the 32-byte key
     * @param nonce the nonce
     * @param aad the associated data
     * @param plaintext the plaintext
     * @return ciphertext and tag
     */
    public static byte[] aesGcmEncrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * AES-256-GCM decryption.
     *
     * @param key the 32-byte key
     * @param nonce the nonce
     * @param aad the associated data
     * @param ciphertext ciphertext and tag
     * @return the plaintext
     * @throws DecryptionException on a failed tag or bad input
     */
    public static byte[] aesGcmDecrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext)
            throws DecryptionException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            return c.doFinal(ciphertext);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new DecryptionException("AEAD_AES_256_GCM resource does not decrypt", e);
        }
    }

    /**
     * SM4-GCM encryption; the nonce must be 12 bytes.
     *
     * @param key the SM4 key
     * @param nonce the nonce
     * @param aad the associated data
     * @param plaintext the plaintext
     * @return ciphertext and tag
     */
    public static byte[] sm4GcmEncrypt(Sm4Key key, byte[] nonce, byte[] aad, byte[] plaintext) {
        return Sm4Gcm.of(key).encrypt(nonce, plaintext, aad);
    }

    /**
     * SM4-GCM decryption.
     *
     * @param key the SM4 key
     * @param nonce the nonce
     * @param aad the associated data
     * @param ciphertext ciphertext and tag
     * @return the plaintext
     * @throws DecryptionException on a failed tag or bad input
     */
    public static byte[] sm4GcmDecrypt(Sm4Key key, byte[] nonce, byte[] aad, byte[] ciphertext)
            throws DecryptionException {
        if (nonce.length != Sm4Gcm.NONCE_LENGTH) {
            throw new DecryptionException("AEAD_SM4_GCM nonce must be 12 bytes");
        }
        try {
            return Sm4Gcm.of(key).decrypt(nonce, ciphertext, aad);
        } catch (RuntimeException e) {
            throw new DecryptionException("AEAD_SM4_GCM resource does not decrypt", e);
        }
    }
}
