package io.yikatong.samples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.Nation;
import io.yikatong.qr.ehc.HealthCardRegistration;
import io.yikatong.qr.ehc.RegisteredHealthCard;
import io.yikatong.samples.cli.AgentCommand;
import io.yikatong.testkit.qr.ehc.EhcPlatformSimulator;
import io.yikatong.testkit.qr.medicalinsurance.MedicalInsuranceVoucherSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's code endpoints against the e-health-card platform and medical-insurance voucher simulators. */
class AgentCodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID_NUMBER = "11010519491231002X";

    @TempDir
    Path dir;

    @Test
    void verifiesEhcCodesAndResolvesVouchersWithThePlatforms() throws Exception {
        Files.writeString(dir.resolve("ehc-secret"), "s3cret-for-tests\n");
        HttpClient http = HttpClient.newHttpClient();
        try (EhcPlatformSimulator ehc = EhcPlatformSimulator.builder().appId("app-1").appSecret("s3cret-for-tests")
                .seed(4).build().start(0);
                MedicalInsuranceVoucherSimulator mi = MedicalInsuranceVoucherSimulator.builder().orgId("H11010500001")
                        .seed(5).build().start(0);
                AgentServer agent = AgentCommand.start(List.of("--port", "0", "--token-file",
                        dir.resolve("token").toString(), "--journal", dir.resolve("journal").toString(),
                        "--ehc-platform", ehc.baseUri().toString(), "--ehc-app-id", "app-1", "--ehc-secret-file",
                        dir.resolve("ehc-secret").toString(), "--hospital-id", "H001", "--voucher-platform",
                        mi.baseUri().toString(), "--voucher-org", "H11010500001", "--voucher-operator", "OP01",
                        "--voucher-office", "K001"), l -> { })) {
            String token = Files.readString(dir.resolve("token")).strip();
            URI base = URI.create("http://127.0.0.1:" + agent.port());
            RegisteredHealthCard reg = ehc.preload(new HealthCardRegistration("张三", Gender.FEMALE, Nation.HAN,
                    LocalDate.of(1949, 12, 31), IdDocumentType.RESIDENT_ID_CARD, ID_NUMBER, "北京市朝阳区",
                    "13800138000", Optional.of("PAT-7"), Optional.empty()));
            HttpResponse<String> verified = post(http, base, token, "/v1/qr/ehc/verify", "{\"text\":\""
                    + reg.qrCodeText() + "\",\"scene\":\"GUIDED_TRIAGE\",\"channel\":\"0100\"}");
            assertEquals(200, verified.statusCode(), verified.body());
            JsonNode v = JSON.readTree(verified.body());
            // masked by default, by the SDK's one policy (PersonalField)
            assertEquals(io.yikatong.core.PersonalField.HEALTH_CARD_ID.mask(reg.healthCardId()),
                    v.get("healthCardId").asText());
            assertEquals("张*", v.at("/holder/name").asText());
            assertEquals("1949-**-**", v.at("/holder/birthDate").asText());
            for (String hidden : List.of(ID_NUMBER, "13800138000", "19491231", "1949-12-31", reg.healthCardId())) {
                assertFalse(verified.body().contains(hidden), hidden + " in the masked answer: " + verified.body());
            }
            assertEquals(1, ehc.requestCount("verifyQRCode"));
            HttpResponse<String> full = post(http, base, token, "/v1/qr/ehc/verify?full=true", "{\"text\":\""
                    + reg.qrCodeText() + "\"}");
            assertEquals(ID_NUMBER, JSON.readTree(full.body()).at("/holder/idNumber").asText());
            assertEquals(reg.healthCardId(), JSON.readTree(full.body()).get("healthCardId").asText());
            assertEquals("张三", JSON.readTree(full.body()).at("/holder/name").asText());
            HttpResponse<String> refused = post(http, base, token, "/v1/qr/ehc/verify", "{\"text\":\"NOT-A-CODE:1\"}");
            assertEquals(422, refused.statusCode(), refused.body());
            assertEquals("platform_refused", JSON.readTree(refused.body()).at("/error/code").asText());
            assertEquals("scene", JSON.readTree(post(http, base, token, "/v1/qr/ehc/verify", "{\"text\":\"x\","
                    + "\"scene\":\"party\"}").body()).at("/error/field").asText());

            String code = mi.issueVoucher(new MedicalInsuranceVoucherSimulator.InsuredPerson("王五", ID_NUMBER, "01",
                    "110100", Gender.MALE, LocalDate.of(1949, 12, 31)), Instant.now().plusSeconds(120));
            HttpResponse<String> voucher = post(http, base, token, "/v1/qr/voucher", "{\"text\":\"" + code
                    + "\",\"businessType\":\"01101\"}");
            assertEquals(200, voucher.statusCode(), voucher.body());
            JsonNode id = JSON.readTree(voucher.body());
            assertEquals("王*", id.at("/holder/name").asText());
            assertEquals(io.yikatong.core.PersonalField.SECRET.mask("x".repeat(32)), id.get("ecToken").asText());
            assertFalse(voucher.body().contains(ID_NUMBER), voucher.body());
            JsonNode fullVoucher = JSON.readTree(post(http, base, token, "/v1/qr/voucher?full=true", "{\"text\":\""
                    + code + "\",\"businessType\":\"01101\"}").body());
            assertEquals(32, fullVoucher.get("ecToken").asText().length());
            assertFalse(voucher.body().contains(fullVoucher.get("ecToken").asText()), voucher.body());
            assertEquals("businessType", JSON.readTree(post(http, base, token, "/v1/qr/voucher", "{\"text\":\""
                    + code + "\",\"businessType\":\"99\"}").body()).at("/error/field").asText());
        }
    }

    private static HttpResponse<String> post(HttpClient http, URI base, String token, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
