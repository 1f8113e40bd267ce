package io.yikatong.card.virtual;

/**
 * Who may read or update an elementary file of a {@link VirtualCard}. Rights are held per DF (the EF's parent) in its
 * security state; on a real health card they are gained by external authentication with the DF's RK / UK keys
 * (health-card-spec §1.8). In this version the rights are granted by {@link VirtualCard#grantReadRight(int)} and
 * {@link VirtualCard#grantUpdateRight(int)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum AccessCondition {
    /** Always allowed (for example reading DDF1/EF05). */
    ALWAYS,
    /** Allowed once the parent DF's read right (RK) was gained. */
    READ_RIGHT,
    /** Allowed once the parent DF's update right (UK) was gained. */
    UPDATE_RIGHT,
    /** Never allowed through the interface. */
    NEVER
}
