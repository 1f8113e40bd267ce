package io.yikatong.payment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.Money;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * sdk-card is an optional dependency of sdk-payment (only the card e-purse channel uses it): every other class of
 * sdk-payment loads, initialises and resolves its signatures in a class loader that has sdk-payment's compile
 * dependencies but neither sdk-card nor JNA, and the purse channel is the one that needs them.
 */
class WithoutCardStackTest {

    @Test
    void everyClassButThePurseChannelWorksWithoutSdkCard() throws Exception {
        Path classes = Path.of(PaymentClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<URL> path = new ArrayList<>();
        for (Class<?> c : List.of(PaymentClient.class, Money.class, ObjectMapper.class, JsonFactory.class,
                JsonAutoDetect.class, LoggerFactory.class, BouncyCastleProvider.class, CertIOException.class,
                org.bouncycastle.asn1.cmc.BodyPartID.class)) {
            path.add(c.getProtectionDomain().getCodeSource().getLocation());
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class")).forEach(f -> names.add(
                    classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
                            .replaceAll("\\.class$", "")));
        }
        try (URLClassLoader withoutCard = new URLClassLoader(path.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> withoutCard.loadClass("io.yikatong.card.CardSession"));
            assertThrows(ClassNotFoundException.class, () -> withoutCard.loadClass("com.sun.jna.Native"));
            int loaded = 0;
            for (String name : names) {
                if (name.startsWith("io.yikatong.payment.purse.")) {
                    continue;
                }
                Class<?> c = Class.forName(name, true, withoutCard);
                c.getDeclaredMethods();
                c.getDeclaredFields();
                c.getDeclaredConstructors();
                loaded++;
            }
            assertTrue(loaded > 100, "loaded " + loaded);
            NoClassDefFoundError purse = assertThrows(NoClassDefFoundError.class, () -> Class.forName(
                    "io.yikatong.payment.purse.CardPurseChannel", true, withoutCard).getDeclaredMethods());
            assertTrue(purse.getMessage().startsWith("io/yikatong/card/"), purse.getMessage());
        }
    }
}
