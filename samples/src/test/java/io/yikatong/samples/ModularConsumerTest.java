package io.yikatong.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular consumer (a {@code module-info} that {@code requires} the SDK's modules) compiled with {@code javac} and
 * run with {@code java --module-path}, on the built jars and their dependencies: the library's module descriptors
 * must be complete (no module added by hand at run time) and must keep the internal packages closed.
 */
class ModularConsumerTest {

    private static final List<String> LIBRARY = List.of("io.yikatong.core", "io.yikatong.card", "io.yikatong.qr",
            "io.yikatong.payment");

    @TempDir
    Path work;

    /** The jars of the library modules and of everything they need, from this test's class path. */
    private static List<Path> modulePath() {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName().toString();
            if (!name.endsWith(".jar") || name.contains("-tests.jar") || name.startsWith("junit-")
                    || name.startsWith("opentest4j") || name.startsWith("apiguardian") || name.startsWith("surefire")
                    || name.startsWith("common-") || name.startsWith("jackson-dataformat")) {
                continue;
            }
            jars.add(p);
        }
        return jars;
    }

    @Test
    void libraryModulesHaveRealDescriptorsThatExportNoInternalPackage() {
        ModuleFinder finder = ModuleFinder.of(modulePath().toArray(Path[]::new));
        Map<String, ModuleDescriptor> found = new TreeMap<>();
        for (ModuleReference ref : finder.findAll()) {
            found.put(ref.descriptor().name(), ref.descriptor());
        }
        for (String name : LIBRARY) {
            ModuleDescriptor d = found.get(name);
            assertTrue(d != null, name + " is on the module path: " + found.keySet());
            assertTrue(!d.isAutomatic(), name + " has a module-info (not an automatic module)");
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (e.source().contains("internal")) {
                    assertEquals(Set.of("io.yikatong.testkit"), e.targets(), name + " exports " + e.source()
                            + " only to the testkit");
                }
            }
            Set<String> internal = d.packages().stream().filter(p -> p.contains("internal"))
                    .collect(Collectors.toSet());
            Set<String> exported = d.exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
            assertTrue(internal.stream().noneMatch(exported::contains), name + " exports an internal package");
            assertTrue(d.opens().isEmpty() && !d.isOpen(), name + " opens nothing to reflection");
        }
    }

    @Test
    void aModularApplicationCompilesAndRunsOnTheModulePath() throws Exception {
        Path src = work.resolve("src/com.example.kiosk");
        Path pkg = src.resolve("com/example/kiosk");
        Files.createDirectories(pkg);
        Files.writeString(src.resolve("module-info.java"), """
                module com.example.kiosk {
                    requires io.yikatong.card;
                    requires io.yikatong.qr;
                    requires io.yikatong.payment;
                    requires io.yikatong.testkit;
                }
                """);
        Files.writeString(pkg.resolve("Main.java"), """
                package com.example.kiosk;

                import io.yikatong.card.health.HealthCard;
                import io.yikatong.card.health.HealthCardService;
                import io.yikatong.core.Money;
                import io.yikatong.core.crypto.Sm2KeyPair;
                import io.yikatong.core.crypto.Sm2Signer;
                import io.yikatong.core.crypto.Sm2Verifier;
                import io.yikatong.payment.journal.JdbcPaymentJournal;
                import io.yikatong.payment.journal.NewPayment;
                import io.yikatong.qr.QrClassifier;
                import io.yikatong.testkit.card.InsecureDevelopmentPki;
                import io.yikatong.testkit.card.VirtualHealthCards;
                import java.nio.charset.StandardCharsets;
                import java.nio.file.Path;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        try (HealthCardService card = HealthCardService.open(
                                VirtualHealthCards.transport(VirtualHealthCards.example()),
                                InsecureDevelopmentPki.securityModule())) {
                            HealthCard hc = card.read();
                            System.out.println("holder " + hc.holder().name().length());
                        }
                        Sm2KeyPair keys = Sm2KeyPair.generate(new java.security.SecureRandom());
                        byte[] message = "modular".getBytes(StandardCharsets.UTF_8);
                        byte[] signature = Sm2Signer.builder(keys.privateKey()).build().sign(message);
                        Sm2Verifier.builder(keys.publicKey()).build().verify(message, signature);
                        System.out.println("sm2 ok");
                        System.out.println("code " + QrClassifier.defaults().classify("134567890123456789").kindName());
                        try (JdbcPaymentJournal journal = JdbcPaymentJournal.embedded(Path.of(args[0]))) {
                            System.out.println("journal " + journal.find("NOSUCHORDER1").isPresent());
                        }
                        try {
                            Class<?> internal = Class.forName("io.yikatong.card.health.internal.HealthCardCodec");
                            internal.getDeclaredConstructors()[0].newInstance();
                            System.out.println("internal OPEN");
                        } catch (IllegalAccessException expected) {
                            System.out.println("internal closed");
                        }
                        System.out.println("money " + Money.parseYuan("12.30").fen());
                    }
                }
                """);
        String modulePath = modulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path out = work.resolve("out");
        String javaHome = System.getProperty("java.home");
        run(List.of(javaHome + "/bin/javac", "-Xlint:-module", "--module-path", modulePath, "-d",
                out.toString(), "--module-source-path", work.resolve("src").toString(), "--module",
                "com.example.kiosk"));
        String output = run(List.of(javaHome + "/bin/java", "--module-path",
                out.resolve("com.example.kiosk") + File.pathSeparator + modulePath, "-m",
                "com.example.kiosk/com.example.kiosk.Main", work.resolve("journal").toString()));
        assertTrue(output.contains("holder "), output);
        assertTrue(output.contains("sm2 ok"), output);
        assertTrue(output.contains("code "), output);
        assertTrue(output.contains("journal false"), output);
        assertTrue(output.contains("internal closed"), output);
        assertTrue(output.contains("money 1230"), output);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] bytes;
        try (var in = p.getInputStream()) {
            bytes = in.readAllBytes();
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command.get(0));
        String output = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command.get(0) + " failed:\n" + output);
        return output;
    }
}
