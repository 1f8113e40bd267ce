package io.yikatong.samples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.pcsc.CardPresence;
import io.yikatong.card.pcsc.PcscReaders;
import io.yikatong.testkit.card.VpcdCardBridge;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.samples.cli.AgentCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in PC/SC mode against a virtual card served to the real pcscd through vpcd (needs
 * {@code bash sdk-testkit/src/test/scripts/pcscd-stack.sh start}; skipped without it, failed without it when CI=true):
 * insert and pull events over the WebSocket, a read with the development SAM, no_card after the pull.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AgentPcscTest {

    private static final String SLOT0 = "Virtual PCD 00 00";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static PcscReaders stack() {
        String problem;
        try {
            PcscReaders readers = PcscReaders.open();
            if (readers.list().stream().anyMatch(r -> r.name().equals(SLOT0))) {
                return readers;
            }
            problem = "pcscd runs without the vpcd reader";
        } catch (CardLinkException e) {
            problem = "pcscd is not reachable: " + e.getMessage();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and the PC/SC stack is required: " + problem);
        }
        assumeTrue(false, problem);
        return null;
    }

    @Test
    void servesAPcscReaderWithEvents() throws Exception {
        PcscReaders readers = stack();
        assertTrue(readers.waitForCard(SLOT0, CardPresence.ABSENT, Duration.ofSeconds(10)));
        HttpClient http = HttpClient.newHttpClient();
        try (AgentServer agent = AgentCommand.start(List.of("--port", "0", "--reader", SLOT0, "--dev-sam",
                "development", "--token-file", dir.resolve("token").toString(), "--journal",
                dir.resolve("journal").toString()), l -> { })) {
            String token = Files.readString(dir.resolve("token")).strip();
            URI base = URI.create("http://127.0.0.1:" + agent.port());
            BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + agent.port() + "/v1/events"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            try {
                                events.add(JSON.readTree(data.toString()));
                            } catch (java.io.IOException e) {
                                events.add(JSON.createObjectNode().put("type", "unparsable"));
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            assertEquals("hello", events.poll(10, TimeUnit.SECONDS).get("type").asText());
            HttpRequest read = HttpRequest.newBuilder(base.resolve("/v1/card/read"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(404, http.send(read, HttpResponse.BodyHandlers.ofString()).statusCode());
            try (VpcdCardBridge bridge = VpcdCardBridge.start(
                    VirtualHealthCards.transport(VirtualHealthCards.example()), VpcdCardBridge.DEFAULT_PORT)) {
                assertTrue(bridge.awaitConnected(10_000));
                JsonNode inserted = events.poll(15, TimeUnit.SECONDS);
                assertEquals("card-inserted", inserted == null ? null : inserted.get("type").asText());
                assertEquals(SLOT0, inserted.get("reader").asText());
                HttpResponse<String> r = http.send(read, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(AgentServerTest.expectedName(), JSON.readTree(r.body()).at("/holder/name").asText());
            }
            JsonNode removed = events.poll(15, TimeUnit.SECONDS);
            assertEquals("card-removed", removed == null ? null : removed.get("type").asText());
            HttpResponse<String> empty = http.send(read, HttpResponse.BodyHandlers.ofString());
            assertEquals(404, empty.statusCode(), empty.body());
            assertEquals("no_card", JSON.readTree(empty.body()).at("/error/code").asText());
            ws.abort();
        }
    }
}
