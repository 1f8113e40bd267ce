package io.yikatong.core.crypto;

/**
 * A capability token that unlocks access to raw secret key material (export of SM2 private keys, SM4 key bytes).
 *
 * <p>Code that needs raw secrets must call {@link #get()} explicitly, so every such place can be found by searching the
 * code base for {@code InsecureKeyAccess}. Review each one: secrets should go from a secure store into a key object and
 * stay there.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class InsecureKeyAccess {

    private static final InsecureKeyAccess INSTANCE = new InsecureKeyAccess();

    private InsecureKeyAccess() {
    }

    /**
     * Returns the token. Every call site is a place where secret key material leaves a key object.
     *
     * @return the token
     */
    public static InsecureKeyAccess get() {
        return INSTANCE;
    }

    @Override
    public String toString() {
        return "InsecureKeyAccess";
    }
}
