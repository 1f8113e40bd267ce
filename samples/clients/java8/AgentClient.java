// A Yikatong card agent client for HIS code still on Java 8: HttpURLConnection and a small JSON reader, no
// dependencies (the SDK itself needs Java 17; through the agent a Java 8 program reads the card too).
//
// Build:  javac --release 8 -d classes AgentClient.java      (or javac -source 8 -target 8 on a JDK 8)
// Run:    java -cp classes AgentClient [http://127.0.0.1:18080/ [TOKEN-FILE]]
//
// Prints "health: ok ...", then the card holder's name and masked ID number; on an API error prints
// "error: CODE (HTTP STATUS)" and exits 1 (2 when the agent cannot be reached).

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One agent at a base address with its token. Thread-safe (holds no mutable state). */
public final class AgentClient {

    private static final Charset UTF_8 = Charset.forName("UTF-8");

    /** The agent answered an error: its stable code, message and HTTP status. */
    public static final class AgentException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        AgentException(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private final URL base;
    private final String token;

    public AgentClient(URL base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The token file the agent creates: ~/.yikatong/agent-token. */
    public static File defaultTokenFile() {
        return new File(new File(System.getProperty("user.home"), ".yikatong"), "agent-token");
    }

    /** GET /v1/health: status, version, mode, reader. */
    public Map<String, Object> health() throws IOException, AgentException {
        return call("GET", "v1/health");
    }

    /** POST /v1/card/read: the card in the reader, identifiers masked. */
    public Map<String, Object> readCard() throws IOException, AgentException {
        return call("POST", "v1/card/read");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String method, String path) throws IOException, AgentException {
        // loopback: never through the desktop's proxy
        HttpURLConnection c = (HttpURLConnection) new URL(base, path).openConnection(Proxy.NO_PROXY);
        c.setRequestMethod(method);
        c.setConnectTimeout(5000);
        c.setReadTimeout(30000); // a card read takes well under a second; a busy reader answers 409 after 10 s
        c.setRequestProperty("Accept", "application/json");
        c.setRequestProperty("Authorization", "Bearer " + token);
        if ("POST".equals(method)) {
            // an empty body, buffered (Content-Length: 0): in streaming mode a 401 would hide its error body
            c.setDoOutput(true);
            c.getOutputStream().close();
        }
        try {
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : readAll(in);
            Object json;
            try {
                json = new Json(body).parse();
            } catch (IllegalArgumentException e) {
                throw new AgentException(status, "http_" + status, "the agent answered HTTP " + status
                        + " with a body that is not JSON");
            }
            if (!(json instanceof Map)) {
                throw new AgentException(status, "http_" + status, "the agent answered HTTP " + status
                        + " with JSON that is not an object");
            }
            Map<String, Object> map = (Map<String, Object>) json;
            if (status >= 400) {
                Object error = map.get("error");
                if (!(error instanceof Map)) {
                    throw new AgentException(status, "http_" + status, "HTTP " + status + " without an error body");
                }
                Map<String, Object> e = (Map<String, Object>) error;
                throw new AgentException(status, String.valueOf(e.get("code")), String.valueOf(e.get("message")));
            }
            return map;
        } finally {
            c.disconnect();
        }
    }

    private static String readAll(InputStream in) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return new String(out.toByteArray(), UTF_8);
        } finally {
            in.close();
        }
    }

    /**
     * A minimal JSON reader (RFC 8259): objects become LinkedHashMap, arrays ArrayList, numbers Double or Long, plus
     * String, Boolean and null. Throws IllegalArgumentException on anything else.
     */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object parse() {
            Object v = value(0);
            ws();
            if (i != s.length()) {
                throw bad("trailing characters");
            }
            return v;
        }

        private Object value(int depth) {
            if (depth > 64) {
                throw bad("nested too deeply");
            }
            ws();
            if (i >= s.length()) {
                throw bad("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<String, Object>();
                    ws();
                    if (peek('}')) {
                        return m;
                    }
                    do {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value(depth + 1));
                        ws();
                    } while (peek(','));
                    expect('}');
                    return m;
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<Object>();
                    ws();
                    if (peek(']')) {
                        return l;
                    }
                    do {
                        l.add(value(depth + 1));
                        ws();
                    } while (peek(','));
                    expect(']');
                    return l;
                }
                case '"':
                    return string();
                case 't':
                    word("true");
                    return Boolean.TRUE;
                case 'f':
                    word("false");
                    return Boolean.FALSE;
                case 'n':
                    word("null");
                    return null;
                default:
                    return number();
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw bad("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw bad("control character in a string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw bad("unterminated escape");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"': b.append('"'); break;
                    case '\\': b.append('\\'); break;
                    case '/': b.append('/'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'u':
                        if (i + 4 > s.length()) {
                            throw bad("short \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException x) {
                            throw bad("bad \\u escape");
                        }
                        i += 4;
                        break;
                    default:
                        throw bad("bad escape");
                }
            }
        }

        private Object number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                throw bad("bad value");
            }
            if (n.matches("-?[0-9]{1,18}")) {
                return Long.valueOf(n);
            }
            return Double.valueOf(n);
        }

        private void word(String w) {
            if (!s.startsWith(w, i)) {
                throw bad("bad value");
            }
            i += w.length();
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw bad("expected '" + c + "'");
            }
        }

        private IllegalArgumentException bad(String why) {
            return new IllegalArgumentException("JSON: " + why + " at offset " + i);
        }
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        URL base = new URL(args.length > 0 ? args[0] : "http://127.0.0.1:18080/");
        File tokenFile = args.length > 1 ? new File(args[1]) : defaultTokenFile();
        String token = new String(Files.readAllBytes(tokenFile.toPath()), UTF_8).trim();
        AgentClient agent = new AgentClient(base, token);
        int exit;
        try {
            Map<String, Object> h = agent.health();
            out.println("health: " + h.get("status") + " (version " + h.get("version") + ", mode " + h.get("mode") + ")");
            Map<String, Object> card = agent.readCard();
            out.println("card: " + card.get("cardType") + (Boolean.TRUE.equals(card.get("masked")) ? " (masked)" : ""));
            Object holder = card.get("holder");
            if (holder instanceof Map) {
                out.println("name: " + ((Map<String, Object>) holder).get("name"));
                out.println("idNumber: " + ((Map<String, Object>) holder).get("idNumber"));
            } else {
                out.println("holder: none (the agent has no security module: issuer data only)");
            }
            exit = 0;
        } catch (AgentException e) {
            out.println("error: " + e.code + " (HTTP " + e.status + ")");
            exit = 1;
        } catch (IOException e) {
            out.println("error: the agent cannot be reached (" + e + ")");
            exit = 2;
        }
        out.flush();
        System.exit(exit);
    }
}
