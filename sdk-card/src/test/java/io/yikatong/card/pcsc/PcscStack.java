package io.yikatong.card.pcsc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.yikatong.card.CardLinkException;
import java.util.List;

/** Checks that the real pcscd + vpcd stack is reachable; in CI (env CI=true) a missing stack fails. Test scope only. */
final class PcscStack {

    static final String SLOT0 = "Virtual PCD 00 00";
    static final String SLOT1 = "Virtual PCD 00 01";

    private PcscStack() {
    }

    static PcscReaders require() {
        String problem;
        try {
            PcscReaders readers = PcscReaders.open();
            List<PcscReader> list = readers.list();
            if (list.stream().anyMatch(r -> r.name().equals(SLOT0))
                    && list.stream().anyMatch(r -> r.name().equals(SLOT1))) {
                return readers;
            }
            problem = "pcscd runs but has no vpcd readers '" + SLOT0 + "' and '" + SLOT1 + "' (found " + list + ")";
        } catch (CardLinkException e) {
            problem = "pcscd is not reachable (" + e.getMessage() + ")";
        }
        String message = problem + ": start it with `bash sdk-testkit/src/test/scripts/pcscd-stack.sh start`";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and the PC/SC stack is required: " + message);
        }
        assumeTrue(false, "skipping the PC/SC end-to-end tests: " + message);
        throw new AssertionError("unreachable");
    }
}
