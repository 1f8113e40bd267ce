package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/**
 * The scanned-code endpoints: {@code POST /v1/qr/classify} (what a scanned text is) and {@code POST /v1/qr/verify}
 * (a signed offline code against the trust list the agent was started with; 404 without one).
 *
 * <p>Thread-safe when its functions are.
 */
final class CodeEndpoints {

    static final int MAX_TEXT = 4096;

    private CodeEndpoints() {
    }

    static void register(Router router, Function<String, ObjectNode> classifier, Function<String, ObjectNode> verifier) {
        router.add("POST", "/v1/qr/classify", Router.Access.TOKEN,
                r -> Reply.ok(classifier.apply(ApiRequest.text(r.json(), "text", MAX_TEXT, true))));
        router.add("POST", "/v1/qr/verify", Router.Access.TOKEN, r -> {
            if (verifier == null) {
                throw new ApiException(404, "not_found", "no trust list: start the agent with --trust FILE");
            }
            return Reply.ok(verifier.apply(ApiRequest.text(r.json(), "text", MAX_TEXT, true)));
        });
    }
}
