package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.PersonalField;
import io.yikatong.payment.OrderNumbers;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.medicalinsurance.settlement.CashLeg;
import io.yikatong.payment.medicalinsurance.settlement.Credential;
import io.yikatong.payment.medicalinsurance.settlement.OutpatientSettlement;
import io.yikatong.payment.medicalinsurance.settlement.OutpatientVisit;
import io.yikatong.payment.medicalinsurance.settlement.Reconciliation;
import io.yikatong.payment.medicalinsurance.settlement.SettlementClient;
import io.yikatong.payment.medicalinsurance.settlement.VisitEntry;
import io.yikatong.payment.medicalinsurance.settlement.VisitOutcome;
import io.yikatong.payment.medicalinsurance.settlement.VisitState;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelRefusedException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Medical-insurance settlement (医保结算, the national platform's "两定" interface) over the agent's
 * {@link SettlementClient}: {@code POST /v1/yb/settle} settles one outpatient visit (1101 → 2201 → 2203 → 2204 → 2206 →
 * 2207, then the cash share) from a credential given or read from the card in the reader,
 * {@code POST /v1/yb/settlements/{setlId}/undo} undoes one (2208 → 2205 → 2202), {@code GET /v1/yb/reconcile}
 * reconciles a day (3201, 3202). The answers are the JSON of {@code yikatong yb settle|undo|reconcile}
 * ({@link SettlementJson}). Without a settlement client every path is 404 {@code not_found}.
 *
 * <p>Outcomes: settled and pending are 200 (a pending visit is finished by the resume loop; the same request with the
 * same {@code visitNo} answers its current outcome, nothing is sent again). A declined visit (nothing is left at the
 * platform) is an error: 422 {@code platform_refused} (the platform's refusal, with {@code step},
 * {@code platformCode}, {@code visitNo}), 502 {@code platform_unavailable} (the platform could not be reached) or
 * {@code platform_malformed_response}, 422 {@code cash_declined} (the cash share was declined; the settlement was
 * undone). The credential is masked in answers unless {@code full=true}, and never appears in error messages.
 *
 * <p>Thread-safe (the client, the orchestration and the payment client are).
 */
final class SettlementEndpoints {

    private static final Set<String> LINK_FAILURES = Set.of("link_failed", "unreachable", "not_gateway");
    private static final Set<String> GARBAGE = Set.of("malformed_response", "signature_invalid");

    private final SettlementClient client;
    private final OutpatientSettlement visits;
    private final CardEndpoints cards;
    private final PaymentClient payments;
    private final String paymentChannel;
    private final Function<PaymentOutcome, ObjectNode> paymentJson;
    private final OrderNumbers visitNumbers;
    private final Clock clock;

    SettlementEndpoints(SettlementClient client, CardEndpoints cards, PaymentClient payments, String paymentChannel,
            Function<PaymentOutcome, ObjectNode> paymentJson, Clock clock) {
        this.client = client;
        this.cards = cards;
        this.payments = payments;
        this.paymentChannel = paymentChannel;
        this.paymentJson = paymentJson;
        this.clock = client == null ? clock : clock.withZone(client.profile().zone());
        this.visits = client == null ? null : OutpatientSettlement.of(client, resumeCash(payments));
        this.visitNumbers = OrderNumbers.create(this.clock, "V");
    }

    /** The orchestration the resume loop runs, or {@code null} when settlement is not configured. */
    OutpatientSettlement visits() {
        return visits;
    }

    void register(Router router) {
        router.add("POST", "/v1/yb/settle", Router.Access.TOKEN, this::settle);
        router.add("POST", "/v1/yb/settlements/{setlId}/undo", Router.Access.TOKEN, this::undo);
        router.add("GET", "/v1/yb/reconcile", Router.Access.TOKEN, this::reconcile);
    }

    /**
     * What the resume loop asks about a cash share in progress: the payment journal's outcome of the order; an order
     * the payment journal never recorded was never sent (the journal records before it sends), so nothing was taken.
     */
    private static CashLeg resumeCash(PaymentClient payments) {
        return new CashLeg() {
            @Override
            public PaymentOutcome collect(Money amount, String merchantOrderNo) {
                throw new IllegalStateException("the resume loop never collects");
            }

            @Override
            public PaymentOutcome status(String merchantOrderNo) {
                if (payments == null) {
                    return new PaymentOutcome.Closed(merchantOrderNo, false);
                }
                try {
                    return payments.query(merchantOrderNo);
                } catch (InvalidInputException e) {
                    return new PaymentOutcome.Closed(merchantOrderNo, false);
                }
            }

            @Override
            public String toString() {
                return "CashLeg.agentResume";
            }
        };
    }

    private void requireConfigured() throws ApiException {
        if (client == null) {
            throw new ApiException(404, "not_found", "medical-insurance settlement is not configured: start the agent"
                    + " with --yb-gateway URL --yb-profile NAME");
        }
    }

    // ------------------------------------------------------------------------------------------ settle

    private Reply settle(ApiRequest r) throws ApiException {
        requireConfigured();
        boolean full = r.flag("full");
        JsonNode body = r.json();
        JsonNode fromCardNode = body.get("fromCard");
        if (fromCardNode != null && !fromCardNode.isNull() && !fromCardNode.isBoolean()) {
            throw new ApiException(400, "invalid_input", "fromCard", "fromCard must be true or false");
        }
        boolean fromCard = fromCardNode != null && fromCardNode.asBoolean(false);
        JsonNode given = body.get("credential");
        boolean hasGiven = given != null && !given.isNull();
        if (fromCard && hasGiven) {
            throw new ApiException(400, "invalid_input", "credential", "give credential or fromCard: true, not both");
        }
        if (!fromCard && !hasGiven) {
            throw new ApiException(400, "invalid_input", "credential", "credential is required ({\"certType\":\"02\","
                    + "\"certNo\":…}), or fromCard: true to take it from the card in the reader");
        }
        String cashChannel = ApiRequest.text(body, "cashChannel", 16, false);
        String cashCode = ApiRequest.text(body, "cashCode", 32, false);
        if ((cashChannel == null) != (cashCode == null)) {
            throw new ApiException(400, "invalid_input", cashChannel == null ? "cashChannel" : "cashCode",
                    "cashChannel and cashCode go together");
        }
        if (cashChannel != null) {
            if (payments == null) {
                throw new ApiException(400, "invalid_input", "cashChannel", "no payment channel is configured in"
                        + " this agent; leave out cashChannel and cashCode (cash at the counter)");
            }
            if (!cashChannel.equals(paymentChannel)) {
                throw new ApiException(400, "invalid_input", "cashChannel", "cashChannel must be " + paymentChannel
                        + " (the one configured)");
            }
            if (!cashCode.matches("[0-9]{10,32}")) {
                throw new ApiException(400, "invalid_input", "cashCode", "cashCode must be the scanned payment"
                        + " code's digits");
            }
        }
        String visitNo = ApiRequest.text(body, "visitNo", 30, false);
        // reading the card changes nothing: the visit's fields are checked after it, before anything is sent
        Credential credential = hasGiven ? given(given) : fromCard(r);
        OutpatientVisit visit = visit(body, credential, visitNo);
        CashLeg cash = cashChannel == null ? SettlementJson.counter()
                : CashLeg.barcode(payments, cashChannel, cashCode, "门诊医保结算自付");
        VisitOutcome outcome;
        try {
            outcome = visits.settle(visit, cash);
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", e.field(), scrub(e.getMessage(), credential));
        }
        if (outcome instanceof VisitOutcome.Declined d) {
            throw declined(d, credential);
        }
        ObjectNode out = SettlementJson.outcome(outcome, cashChannel == null ? "counter" : cashChannel, paymentJson);
        ObjectNode c = out.putObject("credential").put("certType", credential.certType())
                .put("certNo", full ? credential.certNo() : maskCertNo(credential))
                .put("fromCard", fromCard);
        if (!credential.cardSn().isEmpty()) {
            c.put("cardSn", full ? credential.cardSn() : PersonalField.RECORD_NUMBER.mask(credential.cardSn()));
        }
        if (!full) {
            out.put("masked", true);
        }
        return Reply.ok(out);
    }

    private OutpatientVisit visit(JsonNode body, Credential credential, String visitNo) throws ApiException {
        try {
            return SettlementJson.visit(body, credential, visitNo != null ? visitNo : visitNumbers.next(),
                    LocalDateTime.now(clock));
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", e.field(), e.getMessage());
        }
    }

    private static Credential given(JsonNode node) throws ApiException {
        if (!node.isObject()) {
            throw new ApiException(400, "invalid_input", "credential", "credential must be an object with certType,"
                    + " certNo and (for 03) cardSn");
        }
        String type = field(node, "certType", 2);
        String no = field(node, "certNo", 50);
        String sn = field(node, "cardSn", 32);
        try {
            return SettlementJson.credential(type, no, sn);
        } catch (InvalidInputException e) {
            // the message names the rule, never the value
            throw new ApiException(400, "invalid_input", "credential." + e.field(), "credential." + e.getMessage());
        }
    }

    private static String field(JsonNode node, String name, int max) throws ApiException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > max) {
            throw new ApiException(400, "invalid_input", "credential." + name, "credential." + name
                    + " must be a string of 1 to " + max + " characters");
        }
        return v.textValue();
    }

    /**
     * The credential of the card in the addressed reader ({@code ?reader=}): a resident health card's holder ID number
     * (02), a social security card's number and identification code (03).
     */
    private Credential fromCard(ApiRequest r) throws ApiException {
        ObjectNode card = cards.readCard(r);
        String type = card.path("cardType").asText();
        try {
            if ("residentHealthCard".equals(type)) {
                JsonNode id = card.at("/holder/idNumber");
                if (id.isTextual() && !id.asText().isEmpty()) {
                    return new Credential.IdNumber(id.asText());
                }
                throw new ApiException(422, "no_credential", "the health card's holder data (the ID number) needs a"
                        + " security module: start the agent with --sam-reader NAME or --dev-sam development, or give"
                        + " the credential");
            }
            if ("socialSecurityCard".equals(type)) {
                JsonNode no = card.at("/card/cardNumber");
                JsonNode sn = card.at("/card/identificationCode");
                if (no.isTextual() && sn.isTextual() && !no.asText().isEmpty() && !sn.asText().isEmpty()) {
                    return new Credential.SocialSecurityCard(no.asText(), sn.asText());
                }
            }
        } catch (InvalidInputException e) {
            throw new ApiException(422, "no_credential", "the card's " + e.field() + " is not a valid credential");
        }
        throw new ApiException(422, "no_credential", "the card in the reader carries no settlement credential (a"
                + " resident health card's ID number or a social security card's number and identification code)");
    }

    /** A declined visit as the error of its cause; nothing is left at the platform, so the visit may be tried anew. */
    private static ApiException declined(VisitOutcome.Declined d, Credential credential) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("step", d.infno());
        details.put("platformCode", d.code());
        details.put("visitNo", d.visitNo());
        String message = scrub(d.message(), credential);
        if (d.infno().isEmpty()) {
            // the visit number was used before, and that visit ended without a settlement: nothing is sent again
            return new ApiException(409, "visit_closed", "visitNo", "visit " + d.visitNo() + " was tried before and"
                    + " ended without a settlement (" + message + "); a new attempt needs a new visitNo", details);
        }
        if ("cash".equals(d.infno())) {
            return new ApiException(422, "cash_declined", null, "the cash share was not paid (" + message
                    + "); the settlement was undone", details);
        }
        if ("2207".equals(d.infno()) && d.code().isEmpty()) {
            // a refused 2207 carries the platform's code; without one the answer was lost and 2601 reversed it
            return new ApiException(502, "platform_unavailable", null, "the platform's answer to the settlement (2207)"
                    + " was lost; it was reversed (2601) and nothing is settled; try again with a new visitNo",
                    details);
        }
        if (LINK_FAILURES.contains(d.code())) {
            return new ApiException(502, "platform_unavailable", null, "the medical-insurance platform could not be"
                    + " reached at step " + d.infno() + "; nothing was settled, try again with a new visitNo",
                    details);
        }
        if (GARBAGE.contains(d.code())) {
            return new ApiException(502, "platform_malformed_response", null, "the medical-insurance platform's"
                    + " answer at step " + d.infno() + " is not in its documented format; nothing was settled",
                    details);
        }
        return new ApiException(422, "platform_refused", null, "the medical-insurance platform refused step "
                + d.infno() + (d.code().isEmpty() ? "" : " (" + d.code() + ")") + ": " + message
                + "; nothing was settled", details);
    }

    private static String maskCertNo(Credential c) {
        return switch (c.certType()) {
            case "02" -> PersonalField.ID_NUMBER.mask(c.certNo());
            case "03" -> PersonalField.CARD_NUMBER.mask(c.certNo());
            default -> PersonalField.SECRET.mask(c.certNo());
        };
    }

    /** Replaces the credential's numbers in a message (a platform's, say) by their masked forms. */
    private static String scrub(String message, Credential c) {
        if (message == null || c == null) {
            return message == null ? "" : message;
        }
        String m = message.replace(c.certNo(), maskCertNo(c));
        if (!c.cardSn().isEmpty()) {
            m = m.replace(c.cardSn(), PersonalField.RECORD_NUMBER.mask(c.cardSn()));
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------ undo

    private Reply undo(ApiRequest r) throws ApiException {
        requireConfigured();
        String setlId = r.pathParameter("setlId");
        if (setlId == null || !setlId.matches("[0-9A-Za-z_-]{1,64}")) {
            throw new ApiException(400, "invalid_input", "setlId", "setlId must be 1 to 64 letters, digits, _ or -");
        }
        Optional<VisitEntry> v = client.journal().visitBySettlement(setlId);
        if (v.isEmpty()) {
            throw new ApiException(404, "unknown_settlement", "setlId", "no settlement with this setlId in the"
                    + " journal");
        }
        if (v.get().state() != VisitState.COMPLETED && v.get().state() != VisitState.SETTLED) {
            throw notSettled(v.get().state());
        }
        VisitOutcome o;
        try {
            o = visits.undo(SettlementJson.OPERATOR, setlId);
        } catch (InvalidInputException e) {
            // changed since the look above (undone by another caller, say)
            throw notSettled(client.journal().visitBySettlement(setlId).map(VisitEntry::state).orElse(null));
        }
        return Reply.ok(SettlementJson.undo(o, setlId));
    }

    private static ApiException notSettled(VisitState state) {
        return new ApiException(409, "not_settled", "setlId", "the settlement's visit is "
                + (state == null ? "gone" : state.name().toLowerCase(Locale.ROOT)) + ", not settled");
    }

    // ------------------------------------------------------------------------------------------ reconcile

    private Reply reconcile(ApiRequest r) throws ApiException {
        requireConfigured();
        String date = r.query().get("date");
        if (date == null || date.isEmpty()) {
            throw new ApiException(400, "invalid_input", "date", "date is required (yyyy-MM-dd)");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_input", "date", "date must be yyyy-MM-dd");
        }
        try {
            return Reply.ok(SettlementJson.reconcile(new Reconciliation(client), SettlementJson.OPERATOR, day));
        } catch (ChannelRefusedException e) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("step", e.operation());
            details.put("platformCode", e.channelCode());
            throw new ApiException(422, "platform_refused", null, "the medical-insurance platform refused "
                    + "reconciliation: " + e.channelMessage(), details);
        } catch (ChannelLinkException e) {
            throw new ApiException(502, "platform_unavailable", "the medical-insurance platform could not be reached;"
                    + " try again");
        } catch (ChannelException e) {
            throw new ApiException(502, "platform_malformed_response", "the medical-insurance platform's answer is"
                    + " not in its documented format (" + e.errorCode().code() + ")");
        }
    }
}
