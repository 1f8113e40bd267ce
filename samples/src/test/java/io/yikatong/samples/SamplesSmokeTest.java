package io.yikatong.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every sample program runs to completion and prints what the README says it prints. */
class SamplesSmokeTest {

    @Test
    void coreQuickStartRuns() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CoreQuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("tampered  rejected: core.signature_invalid"), text);
        assertTrue(text.contains("sm4-cbc   张三"), text);
        assertTrue(text.contains("name      张三"), text);
        assertTrue(text.contains("110105********002X born 1949-12-31 女性"), text);
        assertTrue(text.contains("fee       1230 fen = 12.30"), text);
    }

    @Test
    void healthCardQuickStartRunsOnVirtualCards() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            HealthCardQuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("name      张晓虹"), text);
        assertTrue(text.contains("photo     JPEG 966 bytes"), text);
        assertTrue(text.contains("written   outpatient slot 1"), text);
        assertTrue(text.contains("verified  signed by 一卡通虚拟医院"), text);
        assertTrue(!text.contains("holder    HealthCard") && !text.contains("holder    张晓虹"), text);
    }
}
