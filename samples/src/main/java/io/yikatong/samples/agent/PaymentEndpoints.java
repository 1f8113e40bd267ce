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
import java.util.function.Function;

/**
 * The payment endpoints over the agent's {@link PaymentClient}: {@code POST /v1/payments/barcode} (the scanned
 * payment code) and {@code GET /v1/payments/{orderNo}} (query). Notifications stay with the HIS server. Without a
 * payment client every payment path is 404.
 *
 * <p>Thread-safe (the payment client is).
 */
final class PaymentEndpoints {

    private final PaymentClient payments;
    private final Function<PaymentOutcome, ObjectNode> json;
    private final String channel;
    private final OrderNumbers orderNumbers;

    PaymentEndpoints(PaymentClient payments, Function<PaymentOutcome, ObjectNode> json, String channel,
            OrderNumbers orderNumbers) {
        this.payments = payments;
        this.json = json;
        this.channel = channel;
        this.orderNumbers = orderNumbers;
    }

    void register(Router router) {
        router.add("POST", "/v1/payments/barcode", Router.Access.TOKEN, r -> Reply.ok(barcode(r.json())));
        router.add("GET", "/v1/payments/{orderNo}", Router.Access.TOKEN,
                r -> Reply.ok(query(r.pathParameter("orderNo"))));
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
