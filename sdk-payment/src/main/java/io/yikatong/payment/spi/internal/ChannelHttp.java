package io.yikatong.payment.spi.internal;

import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The one HTTP exchange of the payment channels' wire clients: sends a request on the configured
 * {@link HttpClient} with the per-request timeout and maps every link failure (timeout, I/O error, interruption) to
 * a {@link ChannelLinkException} of the channel, whose message says the outcome is unknown. The clients build the
 * request (URI, headers, signed body) and judge the answer; this class owns nothing else.
 *
 * <p>Not API. Thread-safe; create one per wire client and share it.
 */
public final class ChannelHttp {

    private final String channel;
    private final HttpClient client;
    private final Duration requestTimeout;

    /**
     * Creates the exchange of a channel.
     *
     * @param channel the channel identifier the failures carry, for example {@code wechat}
     * @param client the HTTP client every request goes through (the integrator's, or {@link #defaultClient})
     * @param requestTimeout the timeout of one request, from sending to the answer's headers; positive
     */
    public ChannelHttp(String channel, HttpClient client, Duration requestTimeout) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.client = Objects.requireNonNull(client, "client");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * Builds the client a wire client uses when the integrator gives none: the connect timeout, no redirects (a
     * payment gateway never redirects; following one would send a signed request elsewhere).
     *
     * @param connectTimeout the connect timeout, positive
     * @return a new client
     */
    public static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Returns the client a wire client was configured with, or a {@link #defaultClient} if none.
     *
     * @param configured the integrator's client, or {@code null}
     * @param connectTimeout the connect timeout of the default client
     * @return the client to use
     */
    public static HttpClient clientOrDefault(HttpClient configured, Duration connectTimeout) {
        return configured != null ? configured : defaultClient(connectTimeout);
    }

    /**
     * Returns the HTTP client requests go through.
     *
     * @return the client
     */
    public HttpClient client() {
        return client;
    }

    /**
     * Returns the timeout of one request.
     *
     * @return the timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Sends a request with the request timeout and returns whatever answer arrived, any status.
     *
     * @param operation the call, for the messages, for example {@code POST /v3/pay/transactions/codepay}
     * @param request the request, without a timeout (this method sets it)
     * @return the answer
     * @throws ChannelLinkException if the request timed out, the link failed or the thread was interrupted (the
     *     interrupt flag is restored): the outcome is unknown; or the connection could not be established (refused,
     *     connect timeout, unknown host): {@link ChannelLinkException#requestNotSent()}, the request took no effect
     */
    public Answer send(String operation, HttpRequest.Builder request) throws ChannelLinkException {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.http.HttpConnectTimeoutException e) {
            throw ChannelLinkException.unreachable(channel, operation + ": cannot connect to " + where(request)
                    + " (connect timed out; the request was not sent)", e);
        } catch (HttpTimeoutException e) {
            throw new ChannelLinkException(channel, operation + ": timed out after " + requestTimeout.toMillis()
                    + " ms (outcome unknown)", e);
        } catch (IOException e) {
            if (connectFailed(e)) {
                throw ChannelLinkException.unreachable(channel, operation + ": cannot connect to " + where(request)
                        + " (" + e.getClass().getSimpleName() + "; the request was not sent)", e);
            }
            throw new ChannelLinkException(channel, operation + ": link failed, " + e.getClass().getSimpleName()
                    + " (outcome unknown)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelLinkException(channel, operation + ": interrupted (outcome unknown)", e);
        }
        byte[] body = response.body();
        return new Answer(response.statusCode(), response.headers(), body == null ? new byte[0] : body);
    }

    /**
     * Sends a request to a gateway that answers every call, refusals included, with HTTP 200 (Alipay, UnionPay, the
     * medical-insurance platform): a 5xx is a link failure (the request may have taken effect), any other status but
     * 200 is not the gateway's answer ({@link ChannelLinkException#notGateway}: a wrong URL, a proxy; outcome
     * unknown).
     *
     * @param operation the call, for the messages, for example {@code alipay.trade.pay}
     * @param request the request, without a timeout
     * @return the answer, status 200
     * @throws ChannelLinkException if the link failed, timed out or the answer is a 5xx (the outcome is unknown), the
     *     gateway could not be reached (the request was not sent) or the status is neither 200 nor 5xx (not the
     *     gateway's answer; the outcome is unknown)
     */
    public Answer sendExpectingOk(String operation, HttpRequest.Builder request)
            throws ChannelLinkException, ChannelMalformedResponseException {
        Answer a = send(operation, request);
        if (a.status() >= 500) {
            throw new ChannelLinkException(channel, operation + ": HTTP " + a.status() + " (outcome unknown)", null);
        }
        if (a.status() != 200) {
            throw ChannelLinkException.notGateway(channel, operation + ": HTTP " + a.status()
                    + " (not the gateway's answer: it answers every call with 200; outcome unknown)", null);
        }
        return a;
    }

    /**
     * A connect that failed: refused (nothing listens), unreachable, or timed out. The JDK client writes no byte of a
     * request before its connection is established, and retries a POST only when the connection was found closed
     * before sending; so such a failure means the request was not sent.
     */
    private static boolean connectFailed(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpConnectTimeoutException
                    || t instanceof java.net.NoRouteToHostException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** Scheme, host and port of a request (no path, no query: nothing secret). */
    private static String where(HttpRequest.Builder request) {
        java.net.URI u = request.build().uri();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /**
     * An HTTP answer. Instances are immutable and thread-safe.
     */
    public static final class Answer {
        private final int status;
        private final HttpHeaders headers;
        private final byte[] body;

        Answer(int status, HttpHeaders headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        /**
         * Returns the HTTP status.
         *
         * @return the status
         */
        public int status() {
            return status;
        }

        /**
         * Returns the headers.
         *
         * @return the headers
         */
        public HttpHeaders headers() {
            return headers;
        }

        /**
         * Returns the body.
         *
         * @return a copy of the body bytes, empty if there was none
         */
        public byte[] body() {
            return body.clone();
        }

        /**
         * Returns the body decoded as UTF-8 (malformed bytes replaced).
         *
         * @return the text
         */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
