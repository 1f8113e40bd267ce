package io.yikatong.card.virtual;

/**
 * The security state of one DF: which rights were gained there. This is the seam where external authentication
 * (SM4, next version) will set the rights. Lost when the DF is left (ISO/IEC 7816-4: the security status of a DF is
 * kept only while it or one of its descendants is selected).
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class SecurityState {

    private boolean readRight;
    private boolean updateRight;

    boolean allows(AccessCondition condition) {
        return switch (condition) {
            case ALWAYS -> true;
            case READ_RIGHT -> readRight;
            case UPDATE_RIGHT -> updateRight;
            case NEVER -> false;
        };
    }

    void grantRead() {
        readRight = true;
    }

    void grantUpdate() {
        updateRight = true;
    }

    void reset() {
        readRight = false;
        updateRight = false;
    }
}
