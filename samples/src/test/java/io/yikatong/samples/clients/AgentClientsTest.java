package io.yikatong.samples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.card.CardSession;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.samples.agent.AgentServer;
import io.yikatong.samples.cli.AgentCommand;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.VirtualHealthCards;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client examples in {@code samples/clients} are compiled and run against a live agent serving the virtual health
 * card: the Java 8 client ({@code javac --release 8}) on this JDK, the C# client (.NET Framework 4.x API) with Mono's
 * {@code mcs} and {@code mono}. Each must print the health status and the holder's name and masked ID number exactly as
 * the agent answers them, and the agent's error code for a wrong token. Mono is installed by {@code .ci/run}; without it
 * the C# test is skipped, or failed when {@code CI=true}.
 */
class AgentClientsTest {

    private static final Path CLIENTS = Path.of("clients");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    AgentServer agent;
    String url;
    Path tokenFile;
    Path wrongTokenFile;

    @BeforeEach
    void start() throws Exception {
        tokenFile = dir.resolve("token");
        agent = AgentCommand.start(List.of("--port", "0", "--token-file", tokenFile.toString(), "--journal",
                dir.resolve("journal").toString()), l -> { });
        url = "http://127.0.0.1:" + agent.port() + "/";
        wrongTokenFile = Files.writeString(dir.resolve("wrong-token"), "A".repeat(43) + "\n");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    /** The holder's name and masked ID number as the agent answers them (read with Jackson, not with a client). */
    private List<String> expectedLines() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "v1/card/read"))
                .header("Authorization", "Bearer " + Files.readString(tokenFile).strip())
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode card = JSON.readTree(r.body());
        String name = card.at("/holder/name").asText();
        String id = card.at("/holder/idNumber").asText();
        assertEquals(virtualHolderName(), name);
        assertTrue(id.matches("[0-9]{6}\\*{8}[0-9X]{4}"), id);
        return List.of("health: ok (version " + agentVersion() + ", mode virtual)",
                "card: residentHealthCard (masked)", "name: " + name, "idNumber: " + id);
    }

    private String agentVersion() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "v1/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body())
                .get("version").asText();
    }

    private static String virtualHolderName() throws Exception {
        try (HealthCardService s = HealthCardService.builder(CardSession.builder(VirtualHealthCards.transport(
                VirtualHealthCards.example())).readChunk(256).build())
                .securityModule(InsecureDevelopmentPki.securityModule()).build()) {
            return s.read().holder().name();
        }
    }

    private record Run(int exit, List<String> lines) {
    }

    private Run run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in 120 s");
        }
        return new Run(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8));
    }

    private void checkClient(List<String> command) throws Exception {
        List<String> expected = expectedLines();
        Run ok = run(append(command, url, tokenFile.toString()));
        assertEquals(0, ok.exit(), String.join("\n", ok.lines()));
        assertEquals(expected, ok.lines());

        Run refused = run(append(command, url, wrongTokenFile.toString()));
        assertEquals(1, refused.exit(), String.join("\n", refused.lines()));
        assertEquals(List.of(expected.get(0), "error: unauthorized (HTTP 401)"), refused.lines());
    }

    private static List<String> append(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void java8ClientCompiledForJava8ReadsTheCard() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("java8"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "--release", "8", "-Xlint:all", "-Xlint:-options",
                "-Werror", "-d", classes.toString(), CLIENTS.resolve("java8/AgentClient.java").toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        // class file major version 52 = Java 8
        byte[] cls = Files.readAllBytes(classes.resolve("AgentClient.class"));
        assertEquals(52, ((cls[6] & 0xFF) << 8) | (cls[7] & 0xFF));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        checkClient(List.of(java, "-cp", classes.toString(), "AgentClient"));
    }

    @Test
    void csharpClientBuiltWithMonoReadsTheCard() throws Exception {
        String mcs = require("mcs");
        String mono = require("mono");
        Path exe = dir.resolve("AgentClient.exe");
        Run build = run(List.of(mcs, "-warnaserror+", "-r:System.Runtime.Serialization.dll",
                "-out:" + exe, CLIENTS.resolve("csharp/AgentClient.cs").toAbsolutePath().toString()));
        assertEquals(0, build.exit(), String.join("\n", build.lines()));
        assertTrue(Files.isRegularFile(exe));
        checkClient(List.of(mono, exe.toString()));
    }

    private static String require(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + tool + " is required (apt-get install mono-mcs mono-runtime"
                    + " libmono-system-runtime-serialization4.0-cil)");
        }
        assumeTrue(false, tool + " is not installed");
        return tool;
    }
}
