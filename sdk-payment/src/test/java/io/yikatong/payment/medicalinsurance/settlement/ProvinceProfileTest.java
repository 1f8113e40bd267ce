package io.yikatong.payment.medicalinsurance.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped province profiles and profiles as data. */
class ProvinceProfileTest {

    @Test
    void everyShippedProfileLoads() {
        for (String name : ProvinceProfile.SHIPPED) {
            ProvinceProfile p = ProvinceProfile.named(name);
            assertEquals(name, p.name());
            assertTrue(p.readTimeout("2207").compareTo(Duration.ofSeconds(60)) >= 0, name);
        }
        assertThrows(InvalidInputException.class, () -> ProvinceProfile.named("mars"));
    }

    @Test
    void urlShapesAndAuthenticationPerProvince() {
        ProvinceProfile national = ProvinceProfile.named("national");
        assertEquals("/fsi/api/rsfComIfsService/callService", national.pathFor("2207"));
        assertEquals(ProvinceProfile.GatewayAuth.NONE, national.auth());
        assertEquals("text/plain", national.contentType());
        ProvinceProfile gd = ProvinceProfile.named("guangdong");
        assertEquals("/ebus/gdyb_api/prd/hsa/hgs/2207", gd.pathFor("2207"));
        assertEquals(ProvinceProfile.GatewayAuth.TIF, gd.auth());
        assertEquals("${insuplc_admdvs|mdtrtarea_admvs}", gd.extraFields().get("recer_admvs"));
        ProvinceProfile hb = ProvinceProfile.named("hebei");
        assertEquals("/fsi/api/outpatientSettleService/saveSettletmentV2", hb.pathFor("2207"));
        assertEquals("/fsi/api/reverseService/revsMethod", hb.pathFor("2601"));
        assertThrows(InvalidInputException.class, () -> hb.pathFor("4101"));
        ProvinceProfile hn = ProvinceProfile.named("hunan");
        assertEquals(ProvinceProfile.GatewayAuth.CSB, hn.auth());
        assertTrue(hn.feedetlSnDigitsOnly());
        assertTrue(hn.zeroInfcodeWithErrMsgIsRefusal());
        assertEquals(List.of("mdtrtinfo.dise_codg"), hn.requiredFields().get("2203"));
        ProvinceProfile jx = ProvinceProfile.named("jiangxi");
        assertEquals("/CSB/hsa-fsi-2207", jx.pathFor("2207"));
        assertEquals("hsa-fsi-2207", jx.csbApiName("2207"));
    }

    @Test
    void aNewProvinceIsData() {
        String json = "{\"name\":\"chongqing\",\"urlShape\":\"INFNO_IN_PATH\",\"path\":\"/gw/{infno}\","
                + "\"auth\":\"TIF\",\"contentType\":\"application/json\",\"infver\":\"V1.08\",\"recerSysCode\":\"YBXT\","
                + "\"extraFields\":{\"recer_admdvs\":\"500000\"},\"readTimeoutSeconds\":{\"default\":20,\"2207\":120}}";
        ProvinceProfile p = ProvinceProfile.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals("/gw/1101", p.pathFor("1101"));
        assertEquals("V1.08", p.infver());
        assertEquals(Duration.ofSeconds(20), p.readTimeout("1101"));
        assertEquals(Duration.ofSeconds(120), p.readTimeout("2207"));
        for (String bad : new String[] {"{", "[]", "{\"name\":\"x\",\"urlShape\":\"NOPE\"}",
            "{\"name\":\"x\",\"urlShape\":\"INFNO_IN_PATH\",\"path\":\"/no-infno\"}",
            "{\"name\":\"x\",\"contentType\":\"text/html\"}", "{\"name\":\"X Y\"}",
            "{\"name\":\"x\",\"readTimeoutSeconds\":{\"default\":0}}"}) {
            assertThrows(InvalidInputException.class, () -> ProvinceProfile.fromJson(new ByteArrayInputStream(
                    bad.getBytes(StandardCharsets.UTF_8))), bad);
        }
    }

    @Test
    void hunanFeedetlSnMustBeNumeric() {
        FeeLine ok = FeeLine.of("123456789012345", LocalDateTime.of(2026, 1, 1, 9, 0), "X", "Y", Quantity.of("1"),
                UnitPrice.of("1.00"), "D", "科", "DR", "医生");
        FeeLine letters = FeeLine.of("A1", LocalDateTime.of(2026, 1, 1, 9, 0), "X", "Y", Quantity.of("1"),
                UnitPrice.of("1.00"), "D", "科", "DR", "医生");
        FeeLine zero = FeeLine.of("000", LocalDateTime.of(2026, 1, 1, 9, 0), "X", "Y", Quantity.of("1"),
                UnitPrice.of("1.00"), "D", "科", "DR", "医生");
        ProvinceProfile hn = ProvinceProfile.named("hunan");
        new FeeUpload("M", "P", "", "B", "", List.of(ok)).checkFor(hn);
        assertThrows(InvalidInputException.class, () -> new FeeUpload("M", "P", "", "B", "", List.of(letters))
                .checkFor(hn));
        assertThrows(InvalidInputException.class, () -> new FeeUpload("M", "P", "", "B", "", List.of(zero))
                .checkFor(hn));
        new FeeUpload("M", "P", "", "B", "", List.of(letters)).checkFor(ProvinceProfile.named("national"));
    }

    @Test
    void credentialsNeverPrintTheirSecrets() {
        String tif = GatewayCredentials.tif("paas-id", "TOKEN-SECRET").toString();
        String csb = GatewayCredentials.csb("AK", "SK-SECRET").toString();
        assertFalse(tif.contains("TOKEN-SECRET"), tif);
        assertFalse(csb.contains("SK-SECRET"), csb);
        assertFalse(new Credential.EcToken("130000ecmecib288580f0f1a0a0000e7328251", "01", "x", "y").toString()
                .contains("ecmecib"));
        assertFalse(new Credential.SocialSecurityCard("A12345678", "0123456789abcdef0123456789abcdef").toString()
                .contains("A12345678"));
    }
}
