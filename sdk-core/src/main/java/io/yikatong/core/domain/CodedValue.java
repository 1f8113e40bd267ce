package io.yikatong.core.domain;

/**
 * An entry of a national code table (国家标准代码表): a code string as written in the standard and on cards, a Chinese
 * label as printed in the standard, and an English name.
 *
 * <p>Implementations must be immutable and thread-safe.
 *
 * @since 0.1
 */
public interface CodedValue {

    /**
     * Returns the code exactly as the standard writes it, leading zeros included.
     *
     * @return the code, for example {@code "01"}
     */
    String code();

    /**
     * Returns the Chinese name from the standard.
     *
     * @return the label, for example {@code "汉族"}
     */
    String chineseLabel();

    /**
     * Returns an English name.
     *
     * @return the English name, for example {@code "Han"}
     */
    String englishName();
}
