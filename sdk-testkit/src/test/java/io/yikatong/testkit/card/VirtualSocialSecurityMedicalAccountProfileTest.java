package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.card.CardSession;
import io.yikatong.card.social.MedicalAccount;
import io.yikatong.card.social.MedicalAccountYearEncoding;
import io.yikatong.card.social.SocialSecurityCardReader;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.Money;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The optional PIN and medical-account fields of the social security card's JSON profile: strict and optional. */
class VirtualSocialSecurityMedicalAccountProfileTest {

    private static String example() throws Exception {
        try (InputStream in = VirtualSocialSecurityCards.class.getResourceAsStream("example-social-security-card.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static VirtualSocialSecurityCardProfile read(String json) throws Exception {
        return VirtualSocialSecurityCards.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String error(String json) {
        return assertThrows(MalformedDataException.class, () -> read(json)).element();
    }

    @Test
    void theNewFieldsAreOptional() throws Exception {
        String json = example();
        VirtualSocialSecurityCardProfile full = read(json);
        assertEquals(new MedicalAccount(Money.ofFen(152_380), Money.ofFen(31_250), Money.ofFen(487_600), 2026),
                full.medicalAccount());
        assertEquals(MedicalAccountYearEncoding.BCD, full.medicalAccountYearEncoding());

        String without = json.replaceAll("(?s)\\s*\"pin\": \"123456\",\\s*\"medicalAccount\": \\{[^}]*},", "");
        VirtualSocialSecurityCardProfile old = read(without);
        assertNull(old.medicalAccount());
        assertEquals("123456", old.pin());
        assertEquals(full.withMedicalAccount(null, MedicalAccountYearEncoding.BCD), old);
        assertEquals(old, read(json.replaceAll("(?s)\"medicalAccount\": \\{[^}]*}", "\"medicalAccount\": null")));

        VirtualSocialSecurityCardProfile binary = read(json.replace("\"yearEncoding\": \"BCD\"",
                "\"yearEncoding\": \"BINARY\"").replace("\"123456\"", "\"8642\""));
        assertEquals(MedicalAccountYearEncoding.BINARY, binary.medicalAccountYearEncoding());
        assertEquals("8642", binary.pin());
        MedicalAccount read = SocialSecurityCardReader.builder()
                .medicalAccountYearEncoding(MedicalAccountYearEncoding.BINARY).build()
                .readMedicalAccount(CardSession.open(VirtualSocialSecurityCards.transport(binary)), "8642");
        assertEquals(full.medicalAccount(), read);
        VirtualSocialSecurityCardProfile defaultEncoding = read(json.replace(",\n    \"yearEncoding\": \"BCD\"", ""));
        assertEquals(full, defaultEncoding);
    }

    @Test
    void theNewFieldsAreStrict() throws Exception {
        String json = example();
        assertEquals("profile JSON: medicalAccount.overdraftFen",
                error(json.replace("\"year\": 2026", "\"year\": 2026, \"overdraftFen\": 0")));
        assertEquals("profile JSON: medicalAccount.balanceFen", error(json.replace("152380", "-1")));
        assertEquals("profile JSON: medicalAccount.balanceFen", error(json.replace("152380", "4294967296")));
        assertEquals("profile JSON: medicalAccount.balanceFen", error(json.replace("152380", "1523.80")));
        assertEquals("profile JSON: medicalAccount.balanceFen", error(json.replace("152380", "\"152380\"")));
        assertEquals("profile JSON: medicalAccount.yearToDateSelfPayFen",
                error(json.replace("\"yearToDateSelfPayFen\": 31250,", "")));
        assertEquals("profile JSON: medicalAccount.year", error(json.replace("2026,", "10000,")));
        assertEquals("profile JSON: medicalAccount.yearEncoding", error(json.replace("\"BCD\"", "\"bcd\"")));
        assertEquals("profile JSON: medicalAccount", error(json.replaceAll("(?s)\"medicalAccount\": \\{[^}]*}",
                "\"medicalAccount\": 5")));
        assertEquals("profile JSON: pin", error(json.replace("\"123456\"", "\"12a456\"")));
        assertEquals("profile JSON: pin", error(json.replace("\"123456\"", "\"123\"")));
        assertEquals("profile JSON: pin", error(json.replace("\"123456\"", "123456")));
    }
}
