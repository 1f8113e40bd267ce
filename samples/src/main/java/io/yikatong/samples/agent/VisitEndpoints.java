package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.IssuerInfo;
import io.yikatong.card.health.RecordSignatureFailure;
import io.yikatong.card.health.RecordSignatureVerifier;
import io.yikatong.card.health.VerifiedRecord;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.SignatureVerificationException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Outpatient visit records (门诊就诊记录, DF03 ED01–ED05) on a resident health card:
 * {@code POST /v1/card/visits} writes one, signed by the security module (a PSAM, or the development SAM when the
 * agent was started with it), into the slot the SDK chooses (a free one, else the earliest visit), then reads it back
 * and verifies it; {@code GET /v1/card/visits/{slot}} reads one and verifies its signature chain up to the trusted
 * root. A record that does not verify is 422 {@code record_not_verified}: its content is not returned.
 *
 * <p>Thread-safe; card sessions hold the reader's lock.
 */
final class VisitEndpoints {

    /** Item 215 (就诊时间) as the vendor DLLs write it [I]: the item map is configurable in the SDK. */
    private static final DateTimeFormatter VISIT_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private final CardSource source;
    private final CardEndpoints cards;
    private final ReaderLocks locks;
    private final HealthCardSecurityModule sam;
    private final RecordSignatureVerifier verifier;

    VisitEndpoints(CardSource source, CardEndpoints cards, ReaderLocks locks, HealthCardSecurityModule sam,
            RecordSignatureVerifier verifier) {
        this.source = source;
        this.cards = cards;
        this.locks = locks;
        this.sam = sam;
        this.verifier = verifier;
    }

    void register(Router router) {
        router.add("POST", "/v1/card/visits", Router.Access.TOKEN, this::write);
        router.add("GET", "/v1/card/visits/{slot}", Router.Access.TOKEN, this::read);
    }

    private void requireConfigured() throws ApiException {
        if (sam == null || verifier == null) {
            throw new ApiException(404, "not_found", "visit records need a security module: start the agent with"
                    + " --sam-reader NAME (and --record-root FILE) or --dev-sam development");
        }
    }

    /** Runs card work on the addressed reader with the security module, holding the reader's lock. */
    private <T> T onCard(ApiRequest r, CardWork<T> work) throws ApiException {
        String name = cards.pick(r);
        return locks.with(name, () -> {
            try (CardTransport transport = source.connect(name);
                    HealthCardService card = HealthCardService.builder(CardSession.builder(transport).readChunk(256)
                            .build()).securityModule(sam).build()) {
                return work.run(card);
            } catch (CardException e) {
                throw CardErrors.of(e);
            }
        });
    }

    @FunctionalInterface
    private interface CardWork<T> {
        T run(HealthCardService card) throws CardException, ApiException;
    }

    private Reply write(ApiRequest r) throws ApiException {
        requireConfigured();
        JsonNode body = r.json();
        String institution = ApiRequest.text(body, "institutionName", 35, true);
        String code = ApiRequest.text(body, "institutionCode", 10, true);
        String time = ApiRequest.text(body, "visitTime", 19, true);
        LocalDateTime visitTime;
        try {
            visitTime = LocalDateTime.parse(time);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_input", "visitTime", "visitTime must be like 2026-11-01T08:30:00");
        }
        VisitRecord record;
        try {
            VisitRecord.Builder b = VisitRecord.builder(VisitKind.OUTPATIENT).item(213, institution).item(214, code)
                    .item(215, VISIT_TIME.format(visitTime));
            JsonNode items = body.get("items");
            if (items != null && !items.isNull()) {
                if (!items.isObject()) {
                    throw new ApiException(400, "invalid_input", "items", "items must be an object of item number to"
                            + " text");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getKey().matches("2(1[6-9]|[2-9][0-9])|3([0-7][0-9]|8[0-2])") || !e.getValue().isTextual()) {
                        throw new ApiException(400, "invalid_input", "items", "items takes item numbers 216 to 382"
                                + " with text values");
                    }
                    b.item(Integer.parseInt(e.getKey()), e.getValue().textValue());
                }
            }
            record = b.build();
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", e.field(), e.getMessage());
        }
        ObjectNode out = onCard(r, card -> {
            IssuerInfo issuer = card.readIssuer();
            int slot = card.writeOutpatientRecord(record);
            return verified(card.readOutpatientRecord(slot), slot, issuer);
        });
        return Reply.ok(out);
    }

    private Reply read(ApiRequest r) throws ApiException {
        requireConfigured();
        String s = r.pathParameter("slot");
        if (!s.matches("[1-5]")) {
            throw new ApiException(400, "invalid_input", "slot", "slot must be 1 to 5");
        }
        int slot = Integer.parseInt(s);
        return Reply.ok(onCard(r, card -> {
            if (!card.readOutpatientIndex().isValid(slot)) {
                throw new ApiException(404, "no_record", "the outpatient slot " + slot + " holds no record");
            }
            return verified(card.readOutpatientRecord(slot), slot, card.readIssuer());
        }));
    }

    private ObjectNode verified(VisitRecord record, int slot, IssuerInfo issuer) throws ApiException {
        VerifiedRecord v;
        try {
            v = verifier.verify(record.image(), issuer.issuerCertificate(), issuer.cardNumber());
        } catch (SignatureVerificationException e) {
            String why = RecordSignatureFailure.of(e).map(RecordSignatureFailure::reason).orElse("not verified");
            throw new ApiException(422, "record_not_verified", "the record's signature does not verify: " + why);
        }
        ObjectNode o = Reply.JSON.createObjectNode().put("kind", "outpatient").put("slot", slot)
                .put("institutionName", record.institutionName()).put("institutionCode", record.institutionCode())
                .put("visitTime", record.visitTime().map(LocalDateTime::toString).orElse(null));
        o.putObject("signature").put("verified", true).put("signerName", v.signerName())
                .put("signerId", v.signerId());
        return o;
    }
}
