package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardTransport;
import io.yikatong.core.PersonalField;
import java.util.Map;

/**
 * Reads the card on a connected transport and returns its public data as JSON (the shape of
 * {@code yikatong card read --json}); the agent masks it with {@link #mask(ObjectNode)} unless the caller asks for
 * {@code full=true}.
 *
 * <p>Implementations are called by one thread at a time per reader (the agent holds the reader's lock).
 */
@FunctionalInterface
public interface CardJsonReader {

    /**
     * The masked fields of the card JSON: JSON pointer of the field → its rule in the SDK's redaction policy
     * ({@link PersonalField}). Every personal field the JSON of a health card or a social security card carries is
     * listed; the rules are chosen so that no combination of masked fields rebuilds a hidden part (the birth date
     * shows its year only, because month and day are the hidden part of the masked ID and card numbers).
     */
    Map<String, PersonalField> MASKED_FIELDS = Map.ofEntries(
            Map.entry("/holder/name", PersonalField.NAME),
            Map.entry("/holder/idNumber", PersonalField.ID_NUMBER),
            Map.entry("/holder/birthDate", PersonalField.BIRTH_DATE),
            Map.entry("/holder/socialSecurityNumber", PersonalField.SOCIAL_SECURITY_NUMBER),
            Map.entry("/holder/birthPlace", PersonalField.ADDRESS),
            Map.entry("/issuer/cardNumber", PersonalField.CARD_NUMBER),
            Map.entry("/issuer/securityCode", PersonalField.SECRET),
            Map.entry("/issuer/chipSerial", PersonalField.RECORD_NUMBER),
            Map.entry("/card/cardNumber", PersonalField.CARD_NUMBER),
            Map.entry("/card/identificationCode", PersonalField.RECORD_NUMBER),
            Map.entry("/contact/phone1", PersonalField.PHONE),
            Map.entry("/contact/phone2", PersonalField.PHONE),
            Map.entry("/demographics/address1", PersonalField.ADDRESS),
            Map.entry("/demographics/address2", PersonalField.ADDRESS));

    /**
     * Reads the card.
     *
     * @param transport the connected card; the reader closes it (or a session owning it)
     * @param readerName the reader's name, for the JSON
     * @return the card as JSON
     * @throws CardException if the link fails, the card refuses, or it answers malformed data
     */
    ObjectNode read(CardTransport transport, String readerName) throws CardException;

    /**
     * Returns the masked view of card JSON (the agent without {@code full=true}, {@code yikatong card read} without
     * {@code --full}): a copy with every field of {@link #MASKED_FIELDS} masked by its rule, the
     * {@code iReadCardBas} string of a social security card masked field by field like
     * {@link io.yikatong.card.social.SocialSecurityCard#iReadCardBasMasked()}, and {@code "masked": true}.
     *
     * @param card the card JSON, unchanged
     * @return the masked copy
     */
    static ObjectNode mask(ObjectNode card) {
        ObjectNode c = card.deepCopy();
        MASKED_FIELDS.forEach((pointer, field) -> {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = c.at(pointer.substring(0, slash));
            String name = pointer.substring(slash + 1);
            if (parent instanceof ObjectNode o && o.get(name) != null && !o.get(name).isNull()) {
                o.put(name, field.mask(o.get(name).asText()));
            }
        });
        JsonNode bas = c.get("iReadCardBas");
        if (bas != null && !bas.isNull()) {
            c.put("iReadCardBas", maskIReadCardBas(bas.asText()));
        }
        c.put("masked", true);
        return c;
    }

    /**
     * Masks an {@code iReadCardBas} string field by field (fields 2–5: social security number, card number,
     * identification code, name), keeping the layout; a string without that layout is masked whole.
     *
     * @param bas the pipe-separated string
     * @return the masked string
     */
    static String maskIReadCardBas(String bas) {
        String[] f = bas.split("\\|", -1);
        if (f.length < 6) {
            return PersonalField.SECRET.mask(bas);
        }
        f[1] = f[1].isEmpty() ? "" : PersonalField.SOCIAL_SECURITY_NUMBER.mask(f[1]);
        f[2] = PersonalField.CARD_NUMBER.mask(f[2]);
        f[3] = PersonalField.RECORD_NUMBER.mask(f[3]);
        f[4] = PersonalField.NAME.mask(f[4]);
        return String.join("|", f);
    }
}
