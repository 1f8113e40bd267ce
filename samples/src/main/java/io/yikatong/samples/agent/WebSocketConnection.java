package io.yikatong.samples.agent;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The server side of one RFC 6455 WebSocket after a successful handshake: the agent sends text frames (events); from
 * the client it accepts masked frames only (RFC 6455 §5.1), answers ping with pong, echoes close and ends. Client
 * text and binary messages are read and ignored (the event stream is one-way); payloads above
 * {@link #MAX_PAYLOAD} close the connection with 1009, unmasked or fragmented-control frames with 1002.
 *
 * <p>Thread-safe; {@link #sendText} may be called from any thread while one thread runs {@link #serve}.
 */
public final class WebSocketConnection {

    /** The GUID of RFC 6455 §1.3 appended to the client's key. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Largest client frame payload accepted. */
    public static final int MAX_PAYLOAD = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean closed;

    WebSocketConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Computes {@code Sec-WebSocket-Accept}: Base64(SHA-1(key + GUID)).
     *
     * @param key the client's {@code Sec-WebSocket-Key}
     * @return the accept value
     */
    public static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /**
     * Sends one text message (unfragmented, unmasked as a server must).
     *
     * @param text the message
     * @throws IOException if the connection is gone
     */
    public void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns whether the connection has ended.
     *
     * @return {@code true} after a close or an error
     */
    public boolean isClosed() {
        return closed;
    }

    private synchronized void send(int opcode, byte[] payload) throws IOException {
        if (closed && opcode != 0x8) {
            throw new IOException("the WebSocket is closed");
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        frame.write(payload, 0, payload.length);
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Reads client frames until the client closes, the connection fails or {@link #close()} is called.
     */
    void serve() {
        try {
            while (!closed) {
                int b0 = read();
                int b1 = read();
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0F;
                if ((b0 & 0x70) != 0) {
                    closeWith(1002, "reserved bits set");
                    return;
                }
                if ((b1 & 0x80) == 0) {
                    closeWith(1002, "client frames must be masked");
                    return;
                }
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = (read() << 8) | read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | read();
                    }
                }
                if (opcode >= 0x8 && (length > 125 || !fin)) {
                    closeWith(1002, "bad control frame");
                    return;
                }
                if (length > MAX_PAYLOAD || length < 0) {
                    closeWith(1009, "message too big");
                    return;
                }
                byte[] mask = in.readNBytes(4);
                byte[] payload = in.readNBytes((int) length);
                if (mask.length != 4 || payload.length != length) {
                    throw new EOFException();
                }
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
                switch (opcode) {
                    case 0x9 -> send(0xA, payload);
                    case 0x8 -> {
                        send(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                        close();
                        return;
                    }
                    case 0x0, 0x1, 0x2, 0xA -> {
                        // the event stream is one-way: data and pongs are read and ignored
                    }
                    default -> {
                        closeWith(1002, "unknown opcode");
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // the client went away or the agent is stopping: nothing to answer
        } finally {
            close();
        }
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private void closeWith(int code, String reason) {
        try {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + r.length];
            payload[0] = (byte) (code >>> 8);
            payload[1] = (byte) code;
            System.arraycopy(r, 0, payload, 2, r.length);
            send(0x8, payload);
        } catch (IOException e) {
            // already gone
        }
        close();
    }

    /** Sends a going-away close frame if still open, then closes the socket. */
    void shutdown() {
        if (!closed) {
            closeWith(1001, "agent stopping");
        }
    }

    /** Closes the socket. */
    void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
