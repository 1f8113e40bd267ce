package io.yikatong.payment.wechat.internal;

import io.yikatong.core.crypto.DecryptionException;
import io.yikatong.core.crypto.Sm4Key;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encrypts and decrypts notification resources: {@code AEAD_AES_256_GCM} with the APIv3 key, or {@code AEAD_SM4_GCM}
 * with an SM4 key.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ResourceCipher {

    /** The RSA-scheme algorithm name. */
    public static final String AES = "AEAD_AES_256_GCM";
    /** The SM-scheme algorithm name. */
    public static final String SM4 = "AEAD_SM4_GCM";

    private final byte[] apiV3Key;
    private final Sm4Key sm4Key;

    /**
     * Creates a cipher.
     *
     * @param apiV3Key the 32-byte APIv3 key
     * @param sm4Key the SM4 key for {@code AEAD_SM4_GCM}
     */
    public ResourceCipher(byte[] apiV3Key, Sm4Key sm4Key) {
        this.apiV3Key = apiV3Key.clone();
        this.sm4Key = sm4Key;
    }

    /**
     * The default SM4 key rule of this SDK: the first 16 bytes of the APIv3 key ([?], not documented in the project
     * reference; configurable).
     *
     * @param apiV3Key the APIv3 key
     * @return the SM4 key
     */
    public static Sm4Key defaultSm4Key(byte[] apiV3Key) {
        return Sm4Key.of(Arrays.copyOf(apiV3Key, Sm4Key.KEY_LENGTH));
    }

    /**
     * Encrypts.
     *
     * @param algorithm the algorithm name
     * @param nonce the nonce text (12 ASCII characters)
     * @param associatedData the AAD text
     * @param plaintext the plaintext
     * @return ciphertext and tag
     */
    public byte[] encrypt(String algorithm, String nonce, String associatedData, byte[] plaintext) {
        byte[] n = nonce.getBytes(StandardCharsets.UTF_8);
        byte[] aad = associatedData.getBytes(StandardCharsets.UTF_8);
        if (SM4.equals(algorithm)) {
            return WechatCrypto.sm4GcmEncrypt(sm4Key, n, aad, plaintext);
        }
        return WechatCrypto.aesGcmEncrypt(apiV3Key, n, aad, plaintext);
    }

    /**
     * Decrypts.
     *
     * @param algorithm the algorithm name
     * @param nonce the nonce text
     * @param associatedData the AAD text
     * @param ciphertext ciphertext and tag
     * @return the plaintext
     * @throws DecryptionException if the algorithm is unknown, the nonce is empty or the tag fails
     */
    public byte[] decrypt(String algorithm, String nonce, String associatedData, byte[] ciphertext)
            throws DecryptionException {
        byte[] n = nonce.getBytes(StandardCharsets.UTF_8);
        byte[] aad = associatedData.getBytes(StandardCharsets.UTF_8);
        if (n.length == 0) {
            throw new DecryptionException("empty resource nonce");
        }
        if (SM4.equals(algorithm)) {
            return WechatCrypto.sm4GcmDecrypt(sm4Key, n, aad, ciphertext);
        }
        if (AES.equals(algorithm)) {
            return WechatCrypto.aesGcmDecrypt(apiV3Key, n, aad, ciphertext);
        }
        throw new DecryptionException("unknown resource algorithm");
    }
}
