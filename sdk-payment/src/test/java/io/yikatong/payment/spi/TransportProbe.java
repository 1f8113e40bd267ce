package io.yikatong.payment.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP client whose every request can be observed: its proxy selector records the URI of each request it is asked
 * about (and answers "no proxy"), so a test proves that a wire client sent its requests through the injected client
 * and not through one of its own. Also a loopback port that accepts connections and never answers, to exercise
 * request timeouts. Shared with sdk-testkit through the test-jar.
 */
public final class TransportProbe extends ProxySelector implements AutoCloseable {

    private final List<URI> requests = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().proxy(this)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    /**
     * Returns the observed client.
     *
     * @return the client to inject
     */
    public HttpClient client() {
        return client;
    }

    /**
     * Returns the URIs of the requests sent through {@link #client()}, in order.
     *
     * @return the URIs
     */
    public List<URI> requests() {
        return List.copyOf(requests);
    }

    /**
     * Returns an {@code http://127.0.0.1:port/} URI whose server accepts connections and never answers.
     *
     * @return the URI
     */
    public synchronized URI silentServer() {
        if (silent == null) {
            try {
                silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread t = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-server");
            t.setDaemon(true);
            t.start();
        }
        return URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
    }

    @Override
    public List<Proxy> select(URI uri) {
        requests.add(uri);
        return List.of(Proxy.NO_PROXY);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // nothing to remember: the test sees the exception
    }

    @Override
    public synchronized void close() throws IOException {
        if (silent != null) {
            silent.close();
        }
        for (Socket s : held) {
            s.close();
        }
    }

    /**
     * Returns a loopback address on which nothing listens.
     *
     * @return the URI
     * @throws IOException if no port can be reserved
     */
    public static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/");
        }
    }
}
