package io.yikatong.testkit.card;

import java.util.HashSet;
import java.util.Set;

/**
 * The security state of one DF: which keys were authenticated there (and which test grants were given). Lost when the
 * DF is left (ISO/IEC 7816-4: the security status of a DF is kept only while it or one of its descendants is
 * selected) and at reset.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class SecurityState {

    private final Set<Integer> authenticated = new HashSet<>();
    private boolean readGranted;
    private boolean updateGranted;

    /**
     * Checks a condition (the secure-messaging part is checked by the command).
     *
     * @param condition the condition
     * @param df the DF whose keys the condition names
     */
    boolean allows(AccessCondition condition, FileNode.Df df) {
        return switch (condition.type) {
            case ALWAYS -> true;
            case NEVER -> false;
            case READ_GRANT -> readGranted;
            case UPDATE_GRANT -> updateGranted;
            case KEY -> {
                if (authenticated.contains(condition.keyReference)) {
                    yield true;
                }
                CardKey k = df.key(condition.keyReference);
                yield k != null && ((readGranted && k.usage == KeyUsage.READ)
                        || (updateGranted && k.usage == KeyUsage.UPDATE));
            }
        };
    }

    void authenticated(int keyReference) {
        authenticated.add(keyReference);
    }

    void grantRead() {
        readGranted = true;
    }

    void grantUpdate() {
        updateGranted = true;
    }

    void reset() {
        authenticated.clear();
        readGranted = false;
        updateGranted = false;
    }
}
