package io.yikatong.qr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgRendererTest {

    private static final Pattern RUN = Pattern.compile("M(\\d+),(\\d+)h(\\d+)v1h-(\\d+)z");

    @Test
    void svgParsesBackToTheModules() throws Exception {
        for (String text : List.of(Payloads.EHC_DYNAMIC, Payloads.EHC_STATIC, Payloads.token(150, 9), "1")) {
            for (int quiet : new int[] {2, 4, 7}) {
                QrMatrix m = QrCodes.encode(text, ErrorCorrection.H);
                String svg = SvgRenderer.builder().quietZone(quiet).moduleSize(5).build().render(m);
                Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
                Element root = doc.getDocumentElement();
                int modules = m.size() + 2 * quiet;
                assertEquals("svg", root.getTagName());
                assertEquals("crispEdges", root.getAttribute("shape-rendering"));
                assertEquals("0 0 " + modules + " " + modules, root.getAttribute("viewBox"));
                assertEquals(String.valueOf(modules * 5), root.getAttribute("width"));
                assertEquals(1, doc.getElementsByTagName("path").getLength(), "one path");
                String d = ((Element) doc.getElementsByTagName("path").item(0)).getAttribute("d");
                boolean[][] grid = new boolean[modules][modules];
                Matcher run = RUN.matcher(d);
                int consumed = 0;
                while (run.find()) {
                    assertEquals(consumed, run.start(), "path is only runs");
                    consumed = run.end();
                    int x = Integer.parseInt(run.group(1));
                    int y = Integer.parseInt(run.group(2));
                    int n = Integer.parseInt(run.group(3));
                    assertEquals(n, Integer.parseInt(run.group(4)));
                    for (int i = 0; i < n; i++) {
                        assertTrue(!grid[y][x + i], "runs do not overlap");
                        grid[y][x + i] = true;
                    }
                }
                assertEquals(d.length(), consumed);
                for (int y = 0; y < modules; y++) {
                    for (int x = 0; x < modules; x++) {
                        assertEquals(m.moduleOrLight(x - quiet, y - quiet), grid[y][x], x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void builderBounds() {
        assertEquals("quietZone", assertThrows(InvalidInputException.class,
                () -> SvgRenderer.builder().quietZone(1)).field());
        assertEquals("moduleSize", assertThrows(InvalidInputException.class,
                () -> SvgRenderer.builder().moduleSize(0)).field());
    }
}
