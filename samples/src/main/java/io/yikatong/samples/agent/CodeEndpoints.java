package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.qr.ehc.CardChannel;
import io.yikatong.qr.ehc.EhcException;
import io.yikatong.qr.ehc.EhcLinkException;
import io.yikatong.qr.ehc.EhcPlatformClient;
import io.yikatong.qr.ehc.EhcPlatformException;
import io.yikatong.qr.ehc.HealthCard;
import io.yikatong.qr.ehc.QrVerification;
import io.yikatong.qr.ehc.UseScene;
import io.yikatong.qr.medicalinsurance.BusinessType;
import io.yikatong.qr.medicalinsurance.MedicalInsuranceVoucherClient;
import io.yikatong.qr.medicalinsurance.VoucherException;
import io.yikatong.qr.medicalinsurance.VoucherIdentity;
import io.yikatong.qr.medicalinsurance.VoucherLinkException;
import io.yikatong.qr.medicalinsurance.VoucherRefusedException;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The scanned-code endpoints: {@code POST /v1/qr/classify} (what a scanned text is), {@code POST /v1/qr/verify} (a
 * signed offline code against the trust list the agent was started with), {@code POST /v1/qr/ehc/verify} (an
 * e-health-card code verified with the platform, 验码, recorded there as a card use) and {@code POST /v1/qr/voucher}
 * (the medical-insurance e-voucher resolved to the insured person). A capability the agent was not configured for is
 * 404. The platform's refusal is 422 ({@code platform_refused}, {@code voucher_refused}); a platform that cannot be
 * reached or answers garbage is 502 ({@code platform_unavailable}, {@code platform_malformed_response}).
 *
 * <p>Thread-safe when its clients are (the SDK clients are).
 */
final class CodeEndpoints {

    static final int MAX_TEXT = 4096;

    private final Function<String, ObjectNode> classifier;
    private final Function<String, ObjectNode> verifier;
    private final EhcPlatformClient ehc;
    private final MedicalInsuranceVoucherClient vouchers;
    private final UnaryOperator<ObjectNode> mask;

    CodeEndpoints(Function<String, ObjectNode> classifier, Function<String, ObjectNode> verifier,
            EhcPlatformClient ehc, MedicalInsuranceVoucherClient vouchers, UnaryOperator<ObjectNode> mask) {
        this.classifier = classifier;
        this.verifier = verifier;
        this.ehc = ehc;
        this.vouchers = vouchers;
        this.mask = mask;
    }

    void register(Router router) {
        router.add("POST", "/v1/qr/classify", Router.Access.TOKEN,
                r -> Reply.ok(classifier.apply(ApiRequest.text(r.json(), "text", MAX_TEXT, true))));
        router.add("POST", "/v1/qr/verify", Router.Access.TOKEN, r -> {
            if (verifier == null) {
                throw new ApiException(404, "not_found", "no trust list: start the agent with --trust FILE");
            }
            return Reply.ok(verifier.apply(ApiRequest.text(r.json(), "text", MAX_TEXT, true)));
        });
        router.add("POST", "/v1/qr/ehc/verify", Router.Access.TOKEN, this::ehcVerify);
        router.add("POST", "/v1/qr/voucher", Router.Access.TOKEN, this::voucher);
    }

    private Reply ehcVerify(ApiRequest r) throws ApiException {
        if (ehc == null) {
            throw new ApiException(404, "not_found", "no e-health-card platform: start the agent with --ehc-platform");
        }
        boolean full = r.flag("full");
        JsonNode body = r.json();
        String text = ApiRequest.text(body, "text", MAX_TEXT, true);
        String terminal = ApiRequest.text(body, "terminalId", 32, false);
        UseScene scene = choose(UseScene.class, ApiRequest.text(body, "scene", 40, false), "scene",
                UseScene.SAME_DAY_REGISTRATION);
        CardChannel channel = choose(CardChannel.class, ApiRequest.text(body, "channel", 40, false), "channel",
                CardChannel.STAFFED_COUNTER);
        HealthCard card;
        try {
            card = ehc.verifyQRCode(new QrVerification(text, terminal == null ? "yikatong-agent" : terminal, scene,
                    channel));
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", e.field(), e.getMessage());
        } catch (EhcPlatformException e) {
            throw new ApiException(422, "platform_refused", "the e-health-card platform refused the code (result "
                    + e.resultCode() + ")");
        } catch (EhcLinkException e) {
            throw new ApiException(502, "platform_unavailable", "the e-health-card platform could not be reached;"
                    + " the code may or may not have been verified");
        } catch (EhcException e) {
            throw new ApiException(502, "platform_malformed_response", "the e-health-card platform's answer is"
                    + " malformed");
        }
        ObjectNode o = Reply.JSON.createObjectNode().put("codeType", "ehc").put("healthCardId", card.healthCardId());
        o.putObject("holder").put("name", card.name()).put("gender", card.gender().code())
                .put("idType", card.idType().name().toLowerCase(Locale.ROOT)).put("idNumber", card.idNumber())
                .put("birthDate", card.birthday().map(Object::toString).orElse(null));
        o.putObject("contact").put("phone1", card.phone());
        if (full) {
            return Reply.ok(o);
        }
        ObjectNode masked = mask.apply(o);
        masked.put("healthCardId", io.yikatong.core.PersonalField.HEALTH_CARD_ID.mask(card.healthCardId()));
        return Reply.ok(masked);
    }

    private Reply voucher(ApiRequest r) throws ApiException {
        if (vouchers == null) {
            throw new ApiException(404, "not_found", "no medical-insurance platform: start the agent with"
                    + " --voucher-platform");
        }
        boolean full = r.flag("full");
        JsonNode body = r.json();
        String text = ApiRequest.text(body, "text", MAX_TEXT, true);
        String typeCode = ApiRequest.text(body, "businessType", 8, false);
        BusinessType type = typeCode == null ? BusinessType.values()[0] : BusinessType.find(typeCode).orElseThrow(
                () -> new ApiException(400, "invalid_input", "businessType", "businessType must be one of the"
                        + " medical-insurance business codes, like 01101"));
        VoucherIdentity id;
        try {
            id = vouchers.query(type, text);
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", e.field(), e.getMessage());
        } catch (VoucherRefusedException e) {
            throw new ApiException(422, "voucher_refused", "the medical-insurance platform refused the voucher"
                    + " (code " + e.serviceCode() + ")");
        } catch (VoucherLinkException e) {
            throw new ApiException(502, "platform_unavailable", "the medical-insurance platform could not be reached");
        } catch (VoucherException e) {
            throw new ApiException(502, "platform_malformed_response", "the medical-insurance platform's answer is"
                    + " malformed");
        }
        ObjectNode o = Reply.JSON.createObjectNode().put("codeType", "medicalInsuranceVoucher")
                .put("businessType", type.code()).put("insuOrg", id.insuOrg()).put("ecIndexNo", id.ecIndexNo())
                .put("ecToken", id.ecToken());
        o.putObject("holder").put("name", id.userName()).put("idType", id.idType()).put("idNumber", id.idNo())
                .put("gender", id.gender().map(g -> g.code()).orElse(null))
                .put("birthDate", id.birthday().map(Object::toString).orElse(null));
        if (full) {
            return Reply.ok(o);
        }
        // the e-voucher token is a bearer credential for the platform (1101 takes it): only with full=true
        ObjectNode masked = mask.apply(o);
        masked.put("ecToken", io.yikatong.core.PersonalField.SECRET.mask(id.ecToken()));
        masked.put("ecIndexNo", io.yikatong.core.PersonalField.RECORD_NUMBER.mask(id.ecIndexNo()));
        return Reply.ok(masked);
    }

    private static <E extends Enum<E>> E choose(Class<E> type, String value, String field, E fallback)
            throws ApiException {
        if (value == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
            try {
                if (value.equals(type.getMethod("code").invoke(e))) {
                    return e;
                }
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
        }
        throw new ApiException(400, "invalid_input", field, field + " must be one of the documented values");
    }
}
