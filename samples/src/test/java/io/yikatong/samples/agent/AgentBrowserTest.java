package io.yikatong.samples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.yikatong.samples.cli.AgentCommand;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium loads the agent's demo page, which reads the card through the agent with fetch and shows the
 * holder's name. Needs Debian's {@code chromium} (installed by {@code .ci/run}); skipped without it, failed without it
 * when {@code CI=true}.
 */
class AgentBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WIDTH = 800;
    private static final int HEIGHT = 400;

    @TempDir
    Path dir;

    private static void requireChromium() {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + CHROMIUM + " is required (apt-get install chromium fonts-wqy-zenhei)");
        }
        assumeTrue(false, CHROMIUM + " is not installed");
    }

    private String chromium(String url, String... mode) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile-"),
                "--window-size=" + WIDTH + "," + HEIGHT, "--virtual-time-budget=5000"));
        cmd.addAll(List.of(mode));
        cmd.add(url);
        Path out = dir.resolve("chromium-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 90 s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void demoPageReadsTheCardThroughTheAgentAndShowsTheName() throws Exception {
        requireChromium();
        String name = io.yikatong.core.Redaction.name(AgentServerTest.expectedName());   // masked by default
        try (AgentServer agent = AgentCommand.start(List.of("--port", "0", "--token-file",
                dir.resolve("token").toString(), "--journal", dir.resolve("journal").toString()), l -> { })) {
            String token = Files.readString(dir.resolve("token")).strip();
            String url = "http://127.0.0.1:" + agent.port() + "/demo/#token=" + token;

            String dom = chromium(url, "--dump-dom");
            assertTrue(dom.contains("<div id=\"name\">" + name + "</div>"), dom);
            assertTrue(dom.contains("card read: residentHealthCard"), dom);

            chromium(url, "--screenshot=" + dir.resolve("shot.png"), "--hide-scrollbars");
            BufferedImage png = ImageIO.read(dir.resolve("shot.png").toFile());
            assertEquals(WIDTH, png.getWidth());
            assertEquals(HEIGHT, png.getHeight());
            // the name is drawn at 64 px between the token line (above y 140) and the status line (below y 250)
            int dark = 0;
            for (int y = 145; y < 240; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    int rgb = png.getRGB(x, y);
                    int lum = ((rgb >> 16) & 0xFF) * 3 + ((rgb >> 8) & 0xFF) * 6 + (rgb & 0xFF);
                    if (lum < 10 * 80) {
                        dark++;
                    }
                }
            }
            assertTrue(dark > 1000, "the name area is nearly blank: " + dark + " dark pixels");
            Files.copy(dir.resolve("shot.png"), Path.of("target", "agent-demo.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aPageWithoutTheTokenShowsUnauthorized() throws Exception {
        requireChromium();
        try (AgentServer agent = AgentCommand.start(List.of("--port", "0", "--token-file",
                dir.resolve("token").toString(), "--journal", dir.resolve("journal").toString()), l -> { })) {
            String dom = chromium("http://127.0.0.1:" + agent.port() + "/demo/#token=wrong", "--dump-dom");
            assertTrue(dom.contains("error: unauthorized"), dom);
        }
    }
}
