/**
 * National cryptography (国密): SM3 hashing and HMAC, SM4 block cipher modes, the PBOC card MAC and key
 * diversification, SM2 keys, signatures, encryption and certificates.
 *
 * <p>Design rules, after Google Tink: key objects are immutable and thread-safe and are built once and shared; the
 * algorithm and its options come from the key or its parameters, never from the input being checked; verification
 * returns normally or throws {@link io.yikatong.core.crypto.SignatureVerificationException} (there is no boolean to
 * forget); secret material never appears in {@code toString()}, logs or exception messages, and leaves a key object
 * only through methods that take an {@link io.yikatong.core.crypto.InsecureKeyAccess} token.
 */
package io.yikatong.core.crypto;
