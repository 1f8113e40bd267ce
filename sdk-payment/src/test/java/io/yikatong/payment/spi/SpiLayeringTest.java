package io.yikatong.payment.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The channel SPI is the bottom layer of sdk-payment: no source in {@code io.yikatong.payment.spi} (or below) may use a
 * type of {@code io.yikatong.payment} or of its other subpackages, by import or by a qualified name in code. The
 * client and the channels depend on the SPI, never the reverse, so there is no package cycle.
 */
class SpiLayeringTest {

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A qualified name below io.yikatong.payment that is not in the SPI (the SPI itself and its subpackages). */
    private static final Pattern UPWARD = Pattern.compile("\\bio\\.yikatong\\.payment\\.(?!spi\\b)[A-Za-z_]\\w*");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'", Pattern.DOTALL);

    @Test
    void spiDependsOnNothingElseInSdkPayment() throws IOException {
        Path sources = sourceRoot();
        List<String> violations = new ArrayList<>();
        int spiFiles = 0;
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find() || !isSpi(pkg.group(1))) {
                    continue;
                }
                spiFiles++;
                for (String use : upwardUses(text)) {
                    violations.add(sources.relativize(file) + ": " + use);
                }
            }
        }
        assertTrue(spiFiles >= 10, "found only " + spiFiles + " SPI sources under " + sources);
        assertEquals(List.of(), violations, "io.yikatong.payment.spi must not depend on the rest of sdk-payment");
    }

    @Test
    void theCheckSeesImportsAndQualifiedNamesButNotCommentsOrStrings() {
        assertEquals(List.of("io.yikatong.payment.PaymentClient", "io.yikatong.payment.journal",
                "io.yikatong.payment.wechat"), upwardUses("""
                package io.yikatong.payment.spi;
                import io.yikatong.payment.PaymentClient;
                import static io.yikatong.payment.journal.internal.Schema.EVENT;
                import io.yikatong.payment.spi.internal.Helper;
                /** See {@link io.yikatong.payment.PaymentClient}. */
                class X { // io.yikatong.payment.alipay
                    io.yikatong.payment.wechat.Transaction t;
                    String s = "io.yikatong.payment.unionpay";
                    io.yikatong.payment.spi.ChannelStatus fine;
                }
                """));
    }

    private static boolean isSpi(String pkg) {
        return pkg.equals("io.yikatong.payment.spi") || pkg.startsWith("io.yikatong.payment.spi.");
    }

    private static List<String> upwardUses(String source) {
        String code = COMMENTS_AND_STRINGS.matcher(source).replaceAll(" ");
        List<String> uses = new ArrayList<>();
        Matcher m = UPWARD.matcher(code);
        while (m.find()) {
            uses.add(m.group());
        }
        return uses;
    }

    private static Path sourceRoot() {
        String basedir = System.getProperty("basedir");
        Path module = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(module.resolve("src/main/java/io/yikatong/payment/spi"))) {
            module = module.resolve("sdk-payment");
        }
        Path root = module.resolve("src/main/java");
        assertTrue(Files.isDirectory(root.resolve("io/yikatong/payment/spi")), "no SPI sources under " + root);
        return root;
    }
}
