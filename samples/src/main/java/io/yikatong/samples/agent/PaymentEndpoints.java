package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.YikatongRuntimeException;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.OrderNumbers;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.QrPayment;
import io.yikatong.payment.RefundRequest;
import java.util.function.Function;

/**
 * The payment endpoints over the agent's {@link PaymentClient}: pay by the scanned payment code
 * ({@code POST /v1/payments/barcode}) or by a code the payer scans ({@code POST /v1/payments/qr}), query
 * ({@code GET /v1/payments/{orderNo}}), close ({@code POST /v1/payments/{orderNo}/close}), refund
 * ({@code POST /v1/payments/{orderNo}/refund}) and refund query ({@code GET /v1/refunds/{refundNo}}). Notifications
 * stay with the HIS server. Without a payment client every payment path is 404. Outcomes are the JSON of
 * {@code yikatong pay}; the channel's own refusal is a 200 outcome ({@code declined}), a failure to reach or
 * understand the channel is 502 {@code payment_failed}.
 *
 * <p>Thread-safe (the payment client is).
 */
final class PaymentEndpoints {

    private final PaymentClient payments;
    private final Function<PaymentOutcome, ObjectNode> json;
    private final String channel;
    private final OrderNumbers orderNumbers;
    private final OrderNumbers refundNumbers;

    PaymentEndpoints(PaymentClient payments, Function<PaymentOutcome, ObjectNode> json, String channel,
            OrderNumbers orderNumbers, OrderNumbers refundNumbers) {
        this.payments = payments;
        this.json = json;
        this.channel = channel;
        this.orderNumbers = orderNumbers;
        this.refundNumbers = refundNumbers;
    }

    void register(Router router) {
        router.add("POST", "/v1/payments/barcode", Router.Access.TOKEN, r -> Reply.ok(barcode(r.json())));
        router.add("POST", "/v1/payments/qr", Router.Access.TOKEN, r -> Reply.ok(qr(r.json())));
        router.add("GET", "/v1/payments/{orderNo}", Router.Access.TOKEN,
                r -> Reply.ok(query(r.pathParameter("orderNo"))));
        router.add("POST", "/v1/payments/{orderNo}/close", Router.Access.TOKEN,
                r -> Reply.ok(call(r.pathParameter("orderNo"), payments -> payments.close(r.pathParameter("orderNo")))));
        router.add("POST", "/v1/payments/{orderNo}/refund", Router.Access.TOKEN,
                r -> Reply.ok(refund(r.pathParameter("orderNo"), r.json())));
        router.add("GET", "/v1/refunds/{refundNo}", Router.Access.TOKEN,
                r -> Reply.ok(call(r.pathParameter("refundNo"), payments -> payments.refundQuery(
                        r.pathParameter("refundNo")))));
    }

    private ObjectNode qr(JsonNode body) throws ApiException {
        requireConfigured();
        String requested = ApiRequest.text(body, "channel", 16, false);
        if (requested != null && !requested.equals(channel)) {
            throw new ApiException(400, "invalid_input", "channel", "channel must be " + channel
                    + " (the one configured)");
        }
        Money amount = amount(body, "amount");
        String orderNo = ApiRequest.text(body, "orderNo", 32, false);
        String description = ApiRequest.text(body, "description", 127, false);
        try {
            if (orderNo != null) {
                OrderNumbers.check("orderNo", orderNo);
            } else {
                orderNo = orderNumbers.next();
            }
            return json.apply(payments.qrPay(new QrPayment(channel, orderNo, amount,
                    description == null ? "yikatong" : description)));
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", e.field(), e.getMessage());
        } catch (YikatongRuntimeException e) {
            throw new ApiException(502, "payment_failed", e.errorCode().code());
        }
    }

    private ObjectNode refund(String orderNo, JsonNode body) throws ApiException {
        requireConfigured();
        orderNo(orderNo);
        Money amount = amount(body, "amount");
        String refundNo = ApiRequest.text(body, "refundNo", 32, false);
        String reason = ApiRequest.text(body, "reason", 80, false);
        try {
            if (refundNo != null) {
                OrderNumbers.check("refundNo", refundNo);
            } else {
                refundNo = refundNumbers.next();
            }
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", "refundNo", e.getMessage());
        }
        RefundRequest request;
        try {
            request = new RefundRequest(orderNo, refundNo, amount, reason == null ? "退费" : reason);
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", e.field(), e.getMessage());
        }
        ObjectNode out = call(orderNo, p -> p.refund(request));
        if (!out.has("refundNo")) {
            out.put("refundNo", request.merchantRefundNo()); // a pending refund is queried by its number
        }
        return out;
    }

    /** Calls the payment client about a known order or refund number. */
    private ObjectNode call(String number, Function<PaymentClient, PaymentOutcome> op) throws ApiException {
        requireConfigured();
        orderNo(number);
        try {
            return json.apply(op.apply(payments));
        } catch (InvalidInputException e) {
            if ("amount".equals(e.field())) {
                throw new ApiException(400, "invalid_input", "amount", e.getMessage());
            }
            throw new ApiException(404, "unknown_order", "no payment or refund with this number in the journal");
        } catch (YikatongRuntimeException e) {
            throw new ApiException(502, "payment_failed", e.errorCode().code());
        }
    }

    private void requireConfigured() throws ApiException {
        if (payments == null) {
            throw new ApiException(404, "not_found", "payments are not configured in this agent");
        }
    }

    private static Money amount(JsonNode body, String field) throws ApiException {
        JsonNode node = body.get(field);
        if (node != null && node.isNumber()) {
            throw new ApiException(400, "invalid_input", field, field + " must be yuan as a string, like \"12.30\"");
        }
        String text = ApiRequest.text(body, field, 16, true);
        Money amount;
        try {
            amount = Money.parseYuan(text);
        } catch (RuntimeException e) {
            throw new ApiException(400, "invalid_input", field, field + " must be yuan with at most 2 decimals,"
                    + " like \"12.30\"");
        }
        if (!amount.isPositive()) {
            throw new ApiException(400, "invalid_input", field, field + " must be positive");
        }
        return amount;
    }

    private ObjectNode barcode(JsonNode body) throws ApiException {
        requireConfigured();
        String requested = ApiRequest.text(body, "channel", 16, false);
        if (requested != null && !requested.equals(channel)) {
            throw new ApiException(400, "invalid_input", "channel", "channel must be " + channel
                    + " (the one configured)");
        }
        Money amount = amount(body, "amount");
        String code = ApiRequest.text(body, "code", 32, true);
        if (!code.matches("[0-9]{10,32}")) {
            throw new ApiException(400, "invalid_input", "code", "code must be the scanned payment code's digits");
        }
        String orderNo = ApiRequest.text(body, "orderNo", 32, false);
        String description = ApiRequest.text(body, "description", 127, false);
        try {
            if (orderNo != null) {
                OrderNumbers.check("orderNo", orderNo);
            } else {
                orderNo = orderNumbers.next();
            }
            return json.apply(payments.barcodePay(new BarcodePayment(channel, orderNo, amount,
                    description == null ? "yikatong" : description, code)));
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", e.field(), e.getMessage());
        } catch (YikatongRuntimeException e) {
            throw new ApiException(502, "payment_failed", e.errorCode().code());
        }
    }

    private String orderNo(String orderNo) throws ApiException {
        try {
            OrderNumbers.check("orderNo", orderNo);
        } catch (InvalidInputException e) {
            throw new ApiException(400, "invalid_input", "orderNo", e.getMessage());
        }
        return orderNo;
    }

    private ObjectNode query(String orderNo) throws ApiException {
        requireConfigured();
        orderNo(orderNo);
        try {
            return json.apply(payments.query(orderNo));
        } catch (InvalidInputException e) {
            throw new ApiException(404, "unknown_order", "no payment with this order number in the journal");
        } catch (YikatongRuntimeException e) {
            throw new ApiException(502, "payment_failed", e.errorCode().code());
        }
    }
}
