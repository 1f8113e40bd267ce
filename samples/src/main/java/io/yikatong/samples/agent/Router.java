package io.yikatong.samples.agent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routing: method and path template ({@code /v1/payments/{orderNo}/refund}) to an endpoint, with the access each
 * route needs. A path no route knows is 404 {@code not_found} (after the token check, so that unauthenticated callers
 * learn nothing about the API); a known path with another method is 405 {@code method_not_allowed}.
 *
 * <p>Thread-safe once built (routes are added before the server starts).
 */
final class Router {

    /** Who may call a route. */
    enum Access {
        /** No token (health, the OpenAPI document, the demo page). */
        PUBLIC,
        /** {@code Authorization: Bearer TOKEN}. */
        TOKEN,
        /** The bearer header or {@code ?token=} (the WebSocket: browsers cannot set headers on it). */
        TOKEN_OR_QUERY
    }

    /** An endpoint answering with a {@link Reply}. */
    @FunctionalInterface
    interface Endpoint {
        Reply handle(ApiRequest request) throws ApiException;
    }

    /** An endpoint that may complete the exchange itself (and then returns {@link Reply#HANDLED}). */
    @FunctionalInterface
    interface RawEndpoint {
        Reply handle(ApiRequest request, Response response, Callback callback) throws ApiException;
    }

    private record Route(String method, String[] segments, Access access, RawEndpoint endpoint) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Access access, Endpoint endpoint) {
        return addRaw(method, template, access, (r, resp, cb) -> endpoint.handle(r));
    }

    Router addRaw(String method, String template, Access access, RawEndpoint endpoint) {
        routes.add(new Route(method, template.substring(1).split("/", -1), access, endpoint));
        return this;
    }

    /** The routes as {@code METHOD /template}, in registration order (for the OpenAPI completeness test). */
    List<String> routes() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(r.method + " /" + String.join("/", r.segments));
        }
        return out;
    }

    Reply route(ApiRequest r, Response response, Callback callback, GuardHandler guard) throws ApiException {
        String[] path = r.path() == null ? new String[] {""} : r.path().substring(1).split("/", -1);
        Route found = null;
        Access access = null;
        Set<String> methods = new LinkedHashSet<>();
        for (Route route : routes) {
            if (matches(route.segments, path, null)) {
                access = access == null ? route.access : access;
                methods.add(route.method);
                if (route.method.equals(r.method())) {
                    found = route;
                    break;
                }
            }
        }
        if (access == null) {
            guard.checkToken(r, false);
            throw new ApiException(404, "not_found", "no such resource");
        }
        if (access != Access.PUBLIC) {
            guard.checkToken(r, access == Access.TOKEN_OR_QUERY);
        }
        if (found == null) {
            throw new ApiException(405, "method_not_allowed", r.path() + " takes " + String.join(" or ", methods));
        }
        matches(found.segments, path, r);
        return found.endpoint.handle(r, response, callback);
    }

    private static boolean matches(String[] template, String[] path, ApiRequest bind) throws ApiException {
        if (template.length != path.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return false;
                }
                if (bind != null) {
                    try {
                        bind.pathParameter(t.substring(1, t.length() - 1),
                                URLDecoder.decode(path[i], StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw new ApiException(400, "bad_request", "path", "the path is not valid percent-encoding");
                    }
                }
            } else if (!t.equals(path[i])) {
                return false;
            }
        }
        return true;
    }
}
