package io.yikatong.testkit.card;

/**
 * Who may read or update an elementary file of a {@link VirtualCard}. Rights are held per DF (the EF's parent) in its
 * security state and are gained by EXTERNAL AUTHENTICATE with one of the DF's keys (on the health card: the RK and UK
 * keys, health-card-spec §1.8); they are lost when the DF is left or the card is reset.
 *
 * <ul>
 * <li>{@link #ALWAYS} and {@link #NEVER};</li>
 * <li>{@link #key(int)}: after external authentication with the DF's key of this reference;</li>
 * <li>{@link #keyWithSecureMessaging(int)}: the same, and the command must come with secure messaging (CLA
 * {@code 04}, encrypted and MACed with the DF's line-protection key), as the health card's record writes do;</li>
 * <li>{@link #READ_RIGHT} and {@link #UPDATE_RIGHT}: only the test hooks {@link VirtualCard#grantReadRight(int)} and
 * {@link VirtualCard#grantUpdateRight(int)} give them.</li>
 * </ul>
 * The test hooks also satisfy every key condition of their kind: {@code grantReadRight} the conditions naming a
 * {@link KeyUsage#READ} key, {@code grantUpdateRight} those naming an {@link KeyUsage#UPDATE} key (secure messaging is
 * still required where the condition says so).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AccessCondition {

    /** Always allowed (for example reading DDF1/EF05). */
    public static final AccessCondition ALWAYS = new AccessCondition(Type.ALWAYS, -1, false);
    /** Never allowed through the interface. */
    public static final AccessCondition NEVER = new AccessCondition(Type.NEVER, -1, false);
    /** Allowed after {@link VirtualCard#grantReadRight(int)} (a test hook) only. */
    public static final AccessCondition READ_RIGHT = new AccessCondition(Type.READ_GRANT, -1, false);
    /** Allowed after {@link VirtualCard#grantUpdateRight(int)} (a test hook) only. */
    public static final AccessCondition UPDATE_RIGHT = new AccessCondition(Type.UPDATE_GRANT, -1, false);

    enum Type { ALWAYS, NEVER, READ_GRANT, UPDATE_GRANT, KEY }

    final Type type;
    final int keyReference;
    final boolean secureMessaging;

    private AccessCondition(Type type, int keyReference, boolean secureMessaging) {
        this.type = type;
        this.keyReference = keyReference;
        this.secureMessaging = secureMessaging;
    }

    /**
     * Allowed after external authentication with the DF's key of this reference.
     *
     * @param keyReference the key reference ({@code P2} of EXTERNAL AUTHENTICATE), 0..255
     * @return the condition
     */
    public static AccessCondition key(int keyReference) {
        return new AccessCondition(Type.KEY, checkRef(keyReference), false);
    }

    /**
     * Allowed after external authentication with the DF's key of this reference, through secure messaging only.
     *
     * @param keyReference the key reference, 0..255
     * @return the condition
     */
    public static AccessCondition keyWithSecureMessaging(int keyReference) {
        return new AccessCondition(Type.KEY, checkRef(keyReference), true);
    }

    /** @return whether commands under this condition must use secure messaging */
    public boolean requiresSecureMessaging() {
        return secureMessaging;
    }

    private static int checkRef(int ref) {
        if (ref < 0 || ref > 0xFF) {
            throw new io.yikatong.core.InvalidInputException("keyReference", "must be 0..255, was " + ref);
        }
        return ref;
    }

    @Override
    public String toString() {
        return switch (type) {
            case KEY -> String.format("key(%02X)%s", keyReference, secureMessaging ? "+SM" : "");
            default -> type.name();
        };
    }
}
