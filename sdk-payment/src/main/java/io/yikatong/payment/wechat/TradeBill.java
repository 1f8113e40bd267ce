package io.yikatong.payment.wechat;

import io.yikatong.core.Bytes;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A downloaded trade bill (交易账单) whose content matched the digest WeChat announced ({@code hash_type},
 * {@code hash_value}). The content is the CSV text WeChat produced, unparsed.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param billDate the bill date
 * @param hashType the raw {@code hash_type}, for example {@code SHA1}
 * @param content the file bytes exactly as downloaded
 *
 * @since 0.1
 */
public record TradeBill(LocalDate billDate, String hashType, Bytes content) {

    /**
     * Checks the components.
     *
     * @param billDate the date
     * @param hashType the hash type
     * @param content the bytes
     */
    public TradeBill {
        Objects.requireNonNull(billDate, "billDate");
        Objects.requireNonNull(hashType, "hashType");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Returns the content as UTF-8 text.
     *
     * @return the CSV text
     */
    public String text() {
        return new String(content.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
