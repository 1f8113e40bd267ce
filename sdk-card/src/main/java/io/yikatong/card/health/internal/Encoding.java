package io.yikatong.card.health.internal;

/**
 * The three encoding styles of health-card data elements (health-card reference §0).
 *
 * <p>Instances are immutable and thread-safe.
 */
public enum Encoding {
    /** 字母数字型: GB18030 text padded with {@code 00}. */
    AN,
    /** 压缩数字型: BCD digits, left-aligned, padded with nibble {@code F}. */
    CN,
    /** 二进制: raw bytes. */
    B
}
