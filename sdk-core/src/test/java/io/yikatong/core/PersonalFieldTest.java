package io.yikatong.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.domain.ResidentIdNumber;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The redaction policy attacked as an adversary would: for generated holders, every masked form of every field of one
 * person, side by side, is searched for every hidden part in every format, and two holders who differ only in hidden
 * parts must produce identical masked output (so no combination of masked fields can tell them apart).
 */
class PersonalFieldTest {

    private static final String[] SURNAMES = {"张", "王", "李", "赵", "欧阳", "司马", "诸葛", "上官"};
    private static final String GIVEN = "晓虹娜伟芳敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华";

    /** One person's personal data. Digits of visible parts come from 5–9, so they never spell a hidden date. */
    record Holder(String name, String id18, String id15, LocalDate birthDate, String phone, String address) {
    }

    static String digits(Random r, int n, String from) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(from.charAt(r.nextInt(from.length())));
        }
        return sb.toString();
    }

    static Holder holder(Random r, String region, String sequence, String surname, int givenLength, int year,
            String phoneHead, String phoneTail) {
        LocalDate birth = LocalDate.of(year, 1, 1).plusDays(r.nextInt(365));
        String first17 = region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + sequence;
        String id18 = first17 + ResidentIdNumber.checkCharacter(first17);
        String id15 = region + birth.format(DateTimeFormatter.ofPattern("yyMMdd")) + sequence;
        StringBuilder name = new StringBuilder(surname);
        for (int i = 0; i < givenLength; i++) {
            name.append(GIVEN.charAt(r.nextInt(GIVEN.length())));
        }
        String phone = phoneHead + digits(r, 4, "34") + phoneTail;
        String address = "北京市" + digits(r, 3, "0123456789") + "号院";
        return new Holder(name.toString(), id18, id15, birth, phone, address);
    }

    static Holder random(Random r) {
        String surname = SURNAMES[r.nextInt(SURNAMES.length)];
        return holder(r, digits(r, 6, "56789"), digits(r, 3, "56789"), surname, r.nextInt(surname.length() == 2 ? 3
                : 4), 1900 + r.nextInt(126), "13" + digits(r, 1, "56789"), digits(r, 4, "56789"));
    }

    /** Every masked form of the holder's data that a masked view may print, side by side. */
    static String maskedBundle(Holder h) {
        List<String> parts = new ArrayList<>();
        parts.add(PersonalField.NAME.mask(h.name()));
        parts.add(PersonalField.ID_NUMBER.mask(h.id18()));
        parts.add(PersonalField.ID_NUMBER.mask(h.id15()));
        parts.add(Redaction.idNumber(h.id18()));
        parts.add(Redaction.birthDate(h.birthDate()));
        parts.add(PersonalField.BIRTH_DATE.mask(h.birthDate().toString()));
        parts.add(PersonalField.BIRTH_DATE.mask(h.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE)));
        parts.add(PersonalField.BIRTH_DATE.mask(h.birthDate().format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))));
        parts.add(PersonalField.CARD_NUMBER.mask(h.id18()));             // a health card numbered by the ID
        parts.add(PersonalField.CARD_NUMBER.mask("H" + h.id18()));       // card numbers embedding the ID
        parts.add(PersonalField.CARD_NUMBER.mask(h.id18() + "01"));
        parts.add(PersonalField.CARD_NUMBER.mask("ABCDEF" + h.id18()));
        parts.add(PersonalField.CARD_NUMBER.mask(h.id15() + "1"));
        parts.add(PersonalField.SOCIAL_SECURITY_NUMBER.mask(h.id18()));
        parts.add(PersonalField.RECORD_NUMBER.mask(h.id18()));
        parts.add(PersonalField.PHONE.mask(h.phone()));
        parts.add(Redaction.phone(h.phone()));
        parts.add(PersonalField.ADDRESS.mask(h.address()));
        parts.add(Redaction.address(h.address()));
        return String.join(" | ", parts);
    }

    /** The hidden parts of the holder, in every format an adversary would try. */
    static List<String> hiddenParts(Holder h) {
        LocalDate d = h.birthDate();
        List<String> hidden = new ArrayList<>();
        for (String pattern : List.of("yyyyMMdd", "yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd", "yyMMdd", "MMdd", "MM-dd",
                "MM/dd", "yyyy年M月d日", "M月d日")) {
            hidden.add(d.format(DateTimeFormatter.ofPattern(pattern)));
        }
        hidden.add(h.id18());
        hidden.add(h.id15());
        hidden.add(h.id18().substring(0, 17));
        hidden.add(h.id18().substring(6, 14));          // the birth date digits as the ID carries them
        hidden.add(h.id18().substring(10));             // month, day, sequence, check
        hidden.add(h.phone());
        hidden.add(h.phone().substring(3, 7));
        hidden.add(h.address());
        hidden.add(h.name());
        h.name().codePoints().skip(1).forEach(cp -> hidden.add(new String(Character.toChars(cp))));
        return hidden;
    }

    @Test
    void noMaskedOutputContainsAHiddenPartInAnyFormat() {
        Random r = new Random(20261207);
        int withX = 0;
        for (int i = 0; i < 2000; i++) {
            Holder h = random(r);
            withX += h.id18().endsWith("X") ? 1 : 0;
            String bundle = maskedBundle(h);
            for (String hidden : hiddenParts(h)) {
                // the first character of the name is visible: a given-name character equal to it is not hidden
                if (hidden.length() == 1 && bundle.startsWith(hidden)) {
                    continue;
                }
                assertFalse(bundle.contains(hidden), () -> "hidden part '" + hidden + "' of " + h + " in " + bundle);
            }
            // the check character is a function of the hidden birth date: never shown
            assertEquals('*', PersonalField.ID_NUMBER.mask(h.id18()).charAt(17));
        }
        assertTrue(withX > 50, "ID numbers ending in X were generated: " + withX);
    }

    @Test
    void holdersDifferingOnlyInHiddenPartsLookTheSameMasked() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            String region = digits(r, 6, "56789");
            String sequence = digits(r, 3, "56789");
            String surname = SURNAMES[r.nextInt(SURNAMES.length)];
            int given = 1 + r.nextInt(2);
            int year = 1900 + r.nextInt(126);
            String head = "13" + digits(r, 1, "56789");
            String tail = digits(r, 4, "56789");
            Holder a = holder(r, region, sequence, surname, given, year, head, tail);
            Holder b = holder(r, region, sequence, surname, given, year, head, tail);
            if (a.address().length() != b.address().length()) {
                continue;
            }
            // different birth day, check character, given name, phone middle digits: the same masked view
            assertEquals(maskedBundle(a), maskedBundle(b), () -> a + " vs " + b);
        }
    }

    @Test
    void theDocumentedExamples() {
        assertEquals("110105********002*", PersonalField.ID_NUMBER.mask("11010519491231002X"));
        assertEquals("110105******002", PersonalField.ID_NUMBER.mask("110105491231002"));
        assertEquals("*******78", PersonalField.ID_NUMBER.mask("E12345678"));
        assertEquals("110105***********", PersonalField.ID_NUMBER.mask("11010500000012345"));
        assertEquals("H11010*************", PersonalField.CARD_NUMBER.mask("H11010519491231002X"));
        assertEquals("*******01", PersonalField.CARD_NUMBER.mask("Y00000001"));
        assertEquals("1949-**-**", PersonalField.BIRTH_DATE.mask("1949-12-31"));
        assertEquals("1949****", PersonalField.BIRTH_DATE.mask("19491231"));
        assertEquals("1949-**-**", Redaction.birthDate(LocalDate.of(1949, 12, 31)));
        assertEquals("**-**", PersonalField.BIRTH_DATE.mask("12-31"));
        assertEquals("张*", PersonalField.NAME.mask("张晓虹"));
        assertEquals("欧*", PersonalField.NAME.mask("欧阳娜娜"));
        assertEquals("138****5678", PersonalField.PHONE.mask("13812345678"));
        assertEquals("******", PersonalField.ADDRESS.mask("北京市东城区"));
        assertEquals("13****************", PersonalField.PAYMENT_CODE.mask("134567890123456789"));
        assertEquals("(3 characters)", PersonalField.SECRET.mask("123"));
        assertEquals("ABCD…WXYZ", PersonalField.HEALTH_CARD_ID.mask("ABCD0123456789WXYZ"));
        assertEquals("(12 characters)", PersonalField.HEALTH_CARD_ID.mask("ABCD01234567"));
        for (PersonalField f : PersonalField.values()) {
            assertEquals("null", f.mask(null));
            assertTrue(PersonalField.markdownTable().contains("`" + f.name() + "`"));
        }
    }
}
