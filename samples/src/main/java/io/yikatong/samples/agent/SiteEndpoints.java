package io.yikatong.samples.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The endpoints that need no token: {@code GET /v1/health}, {@code GET /openapi.yaml} and the demo page.
 *
 * <p>Thread-safe (stateless apart from its suppliers).
 */
final class SiteEndpoints {

    private SiteEndpoints() {
    }

    static void register(Router router, Supplier<ObjectNode> health) {
        router.add("GET", "/v1/health", Router.Access.PUBLIC, r -> Reply.ok(health.get()));
        router.add("GET", "/openapi.yaml", Router.Access.PUBLIC,
                r -> resource("openapi.yaml", "application/yaml; charset=utf-8"));
        for (String page : new String[] {"/demo", "/demo/", "/demo/index.html"}) {
            router.add("GET", page, Router.Access.PUBLIC, r -> resource("demo.html", "text/html; charset=utf-8")
                    .header("Content-Security-Policy", "default-src 'self'; script-src 'self';"
                            + " style-src 'self' 'unsafe-inline'; connect-src 'self'"));
        }
        router.add("GET", "/demo/app.js", Router.Access.PUBLIC,
                r -> resource("demo.js", "text/javascript; charset=utf-8"));
    }

    private static Reply resource(String name, String type) throws ApiException {
        try (InputStream in = SiteEndpoints.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ApiException(404, "not_found", "no such resource");
            }
            return new Reply(200, type, in.readAllBytes(), new LinkedHashMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
