package io.yikatong.card.health;

import io.yikatong.core.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * What a resident health card (居民健康卡) holds, as {@link HealthCardService#read()} or
 * {@link HealthCardService#readAll()} read it: the DDF1 files always, DF01–DF03 after {@code readAll()}.
 *
 * <p>{@link #toString()} shows no personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param atr the card's answer to reset
 * @param issuer DDF1/EF05, issuer and card data
 * @param holder DDF1/EF06, the holder
 * @param photo DDF1/EF07, the photo
 * @param contact DDF1/EF08, validity, phones and payment methods
 * @param demographics DF01 (addresses, contacts, personal status, documents), if read
 * @param clinical DF02 (clinical data, special information, allergies, immunisations), if read
 * @param visits DF03 (visit indexes and the valid records), if read
 * @since 0.1
 */
public record HealthCard(Bytes atr, IssuerInfo issuer, HolderInfo holder, Photo photo, ContactInfo contact,
        Optional<Demographics> demographics, Optional<ClinicalInfo> clinical, Optional<VisitRecords> visits) {

    /**
     * Checks that no component is {@code null}.
     */
    public HealthCard {
        Objects.requireNonNull(atr, "atr");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(demographics, "demographics");
        Objects.requireNonNull(clinical, "clinical");
        Objects.requireNonNull(visits, "visits");
    }

    /**
     * Describes the card without personal data.
     *
     * @return the holder's masked data and which parts were read
     */
    @Override
    public String toString() {
        return "HealthCard[" + holder + ", DF01 " + (demographics.isPresent() ? "read" : "not read") + ", DF02 "
                + (clinical.isPresent() ? "read" : "not read") + ", DF03 " + (visits.isPresent() ? "read" : "not read")
                + "]";
    }
}
