package io.yikatong.qr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalRendererTest {

    @Test
    void textParsesBackToTheModules() {
        for (String text : List.of(Payloads.EHC_DYNAMIC, Payloads.EHC_STATIC, Payloads.token(150, 11))) {
            QrMatrix m = QrCodes.encode(text, ErrorCorrection.M, QrMask.FAST);
            for (int quiet : new int[] {1, 2, 4}) {
                for (boolean inverted : new boolean[] {false, true}) {
                    String out = TerminalRenderer.builder().quietZone(quiet).inverted(inverted).build().render(m);
                    int modules = m.size() + 2 * quiet;
                    String[] lines = out.split("\n", -1);
                    assertEquals("", lines[lines.length - 1], "ends with a newline");
                    assertEquals((modules + 1) / 2, lines.length - 1, "two module rows per line");
                    boolean[][] ink = new boolean[lines.length * 2][modules];
                    for (int line = 0; line < lines.length - 1; line++) {
                        assertEquals(modules, lines[line].length());
                        for (int x = 0; x < modules; x++) {
                            char c = lines[line].charAt(x);
                            switch (c) {
                                case ' ' -> { }
                                case '\u2580' -> ink[2 * line][x] = true;
                                case '\u2584' -> ink[2 * line + 1][x] = true;
                                case '\u2588' -> {
                                    ink[2 * line][x] = true;
                                    ink[2 * line + 1][x] = true;
                                }
                                default -> fail("unexpected character U+" + Integer.toHexString(c));
                            }
                        }
                    }
                    for (int y = 0; y < modules; y++) {
                        for (int x = 0; x < modules; x++) {
                            boolean dark = m.moduleOrLight(x - quiet, y - quiet);
                            assertEquals(dark != inverted, ink[y][x], x + "," + y + " inverted=" + inverted);
                        }
                    }
                    if (modules % 2 == 1) { // the padding half row below the last module row is never inked
                        for (int x = 0; x < modules; x++) {
                            assertEquals(false, ink[modules][x]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void builderBounds() {
        assertEquals("quietZone", assertThrows(InvalidInputException.class,
                () -> TerminalRenderer.builder().quietZone(0)).field());
        assertThrows(InvalidInputException.class, () -> TerminalRenderer.builder().quietZone(17));
    }
}
