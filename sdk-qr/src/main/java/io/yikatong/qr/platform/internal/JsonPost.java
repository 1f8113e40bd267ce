package io.yikatong.qr.platform.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Posts a JSON body and returns the raw answer. Link failures (connection refused, reset, timeout) surface as
 * {@link IOException}; the HTTP status is returned for the caller to judge.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class JsonPost {

    /** How many bytes of an answer are read at most; a longer answer is a link failure. */
    public static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final HttpClient client;
    private final Duration requestTimeout;

    /**
     * Creates a poster.
     *
     * @param client the HTTP client
     * @param requestTimeout the timeout of one request, from sending to the last byte of the answer's headers
     */
    public JsonPost(HttpClient client, Duration requestTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** An HTTP answer: status and body. Instances are immutable and thread-safe. */
    public static final class Answer {
        private final int status;
        private final byte[] body;

        Answer(int status, byte[] body) {
            this.status = status;
            this.body = body.clone();
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
         * Returns the body.
         *
         * @return a copy of the body bytes
         */
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * Posts a JSON body.
     *
     * @param uri the target
     * @param json the UTF-8 JSON body
     * @return the answer
     * @throws IOException if the link failed or timed out ({@link java.net.http.HttpTimeoutException})
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    public Answer post(URI uri, byte[] json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json;charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body() == null ? new byte[0] : response.body();
        if (body.length > MAX_RESPONSE_BYTES) {
            throw new IOException("answer longer than " + MAX_RESPONSE_BYTES + " bytes");
        }
        return new Answer(response.statusCode(), body);
    }

    /**
     * Builds a default HTTP client with a connect timeout.
     *
     * @param connectTimeout the connect timeout
     * @return a new client (HTTP/1.1, no redirects)
     */
    public static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
