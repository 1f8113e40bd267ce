package io.yikatong.payment.medicalinsurance.settlement;

/**
 * Where an outpatient visit is in {@link OutpatientSettlement}'s flow. Each "…ING" state is written before the
 * message that leaves it is sent; a crash in one of them is resolved by {@link OutpatientSettlement#resume()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum VisitState {
    /** 2201 journalled; no {@code mdtrt_id} yet. */
    REGISTERING(false),
    /** 2201 answered ({@code mdtrt_id} known). */
    REGISTERED(false),
    /** 2204 journalled for {@code chrg_bchno}. */
    UPLOADING_FEES(false),
    /** 2204 answered. */
    FEES_UPLOADED(false),
    /** 2207 journalled under {@code settle_msgid}; outcome not known. */
    SETTLING(false),
    /** 2207 answered ({@code setl_id} known); the cash share not yet collected. */
    SETTLED(false),
    /** The cash share is being collected under {@code cash_order_no}. */
    COLLECTING_CASH(false),
    /** Settled and the cash share paid (or zero): final. */
    COMPLETED(true),
    /** 2601 冲正 of the 2207 under {@code settle_msgid} in progress. */
    REVERSING(false),
    /** 2208 in progress. */
    CANCELLING_SETTLEMENT(false),
    /** 2205 in progress. */
    CANCELLING_FEES(false),
    /** 2202 in progress. */
    CANCELLING_REGISTRATION(false),
    /** Undone at the platform (nothing settled): final. */
    CANCELLED(true),
    /** Cannot be resolved automatically (for example a 2201 whose answer was lost): an operator must look. Final for
     *  {@link OutpatientSettlement#resume()}. */
    NEEDS_ATTENTION(true);

    private final boolean terminal;

    VisitState(boolean terminal) {
        this.terminal = terminal;
    }

    /** @return whether {@link OutpatientSettlement#resume()} leaves a visit in this state alone */
    public boolean terminal() {
        return terminal;
    }
}
