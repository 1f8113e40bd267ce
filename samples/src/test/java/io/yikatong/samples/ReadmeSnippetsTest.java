package io.yikatong.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.card.CardTransport;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.Nation;
import io.yikatong.qr.ehc.EhcPlatformClient;
import io.yikatong.qr.ehc.HealthCardRegistration;
import io.yikatong.qr.ehc.PlatformChannel;
import io.yikatong.qr.ehc.QrCodeType;
import io.yikatong.qr.ehc.RegisteredHealthCard;
import io.yikatong.qr.token.CredentialType;
import io.yikatong.qr.token.TokenClaims;
import io.yikatong.qr.token.TokenIssuer;
import io.yikatong.qr.token.TokenVerificationException;
import io.yikatong.qr.token.TrustList;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSam;
import io.yikatong.testkit.qr.ehc.EhcPlatformSimulator;
import io.yikatong.testkit.qr.medicalinsurance.MedicalInsuranceVoucherSimulator;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * README and code cannot drift: every {@code ```java} block of {@code ../README.md} is a complete class that is written
 * to a directory of its own, compiled alone with {@code javac} against this module's test class path (warnings are
 * errors), and then run: through a driver below when it needs a reader or a gateway (the testkit's virtual card and
 * SAM, the simulators), else through its {@code main} when it has one.
 */
class ReadmeSnippetsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public (?:final )?class (\\w+)");

    /** How to run the classes that need hardware or a gateway (by class name); each must exist in README. */
    private static final Map<String, Driver> DRIVERS = new LinkedHashMap<>();
    private static final Set<String> DRIVEN = new TreeSet<>();
    private static volatile boolean snippetsRan;

    static {
        DRIVERS.put("NationalCryptoQuickStart", ReadmeSnippetsTest::runCore);
        DRIVERS.put("ReadHealthCard", ReadmeSnippetsTest::runCard);
        DRIVERS.put("KioskScanner", ReadmeSnippetsTest::runQr);
        DRIVERS.put("HospitalPayments", ReadmeSnippetsTest::runPayment);
    }

    @TempDir
    static Path work;

    private interface Driver {
        void run(Class<?> snippet) throws Exception;
    }

    private record Snippet(int line, String className, String source) {
    }

    static List<Snippet> snippets() throws Exception {
        String readme = Files.readString(README).replace("\r\n", "\n");
        List<Snippet> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            String source = m.group(1);
            int line = 1 + (int) readme.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            Matcher c = PUBLIC_CLASS.matcher(source);
            if (!c.find()) {
                fail("README.md line " + line + ": a ```java block must be a complete class ('public class Name')");
            }
            out.add(new Snippet(line, c.group(1), source));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesAndRuns() throws Exception {
        List<Snippet> all = snippets();
        assertTrue(all.size() >= DRIVERS.size(), "README has its quick-start classes: " + all.size() + " found");
        snippetsRan = true;
        return all.stream().map(s -> DynamicTest.dynamicTest("README.md:" + s.line() + " " + s.className(),
                () -> compileAndRun(s)));
    }

    @AfterAll
    static void everyDriverRan() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Snippet s : snippets()) {
            names.add(s.className());
        }
        assertTrue(names.containsAll(DRIVERS.keySet()), "README renamed or lost a quick-start class: drivers for "
                + DRIVERS.keySet() + ", README has " + names);
        if (snippetsRan) {
            assertEquals(DRIVERS.keySet(), Set.copyOf(DRIVEN), "every driver ran");
        }
    }

    @Test
    void readmeInstallSectionNamesEveryPublishedModule() throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Install");
        assertTrue(start >= 0, "README has an Install section");
        String install = readme.substring(start, readme.indexOf("\n## ", start + 1));
        String version = YikatongVersion.project();
        for (String artifact : List.of("yikatong-bom", "sdk-core", "sdk-card", "sdk-qr", "sdk-payment", "sdk-testkit")) {
            assertTrue(install.contains("`io.yikatong:" + artifact + ":" + version + "`"), artifact);
        }
        assertTrue(install.contains("<version>" + version + "</version>"), "the BOM import names " + version);
        assertTrue(install.contains("mvn -B install"), "until a release: install first");
    }

    private static void compileAndRun(Snippet s) throws Exception {
        assertFalse(s.source().contains("…") || s.source().contains("..."),
                "README.md:" + s.line() + " has a placeholder (… or ...)");
        assertFalse(s.source().startsWith("package ") || s.source().contains("\npackage "),
                "README.md:" + s.line() + " a snippet is in the default package, so it can be pasted anywhere");
        Path dir = Files.createDirectories(work.resolve(s.className() + "-" + s.line()));
        Path file = dir.resolve(s.className() + ".java");
        Files.writeString(file, s.source());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK (javax.tools) runs the tests");
        StringWriter diagnostics = new StringWriter();
        String classPath = System.getProperty("java.class.path");
        List<String> options = List.of("-d", dir.toString(), "-classpath", classPath, "--release", "17",
                "-encoding", "UTF-8", "-Xlint:all,-processing,-classfile,-serial,-options", "-Werror");
        boolean ok = javac.getTask(diagnostics, null, null, options, null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile()))
                .call();
        if (!ok) {
            fail("README.md:" + s.line() + " (" + s.className() + ") does not compile:\n" + diagnostics
                    + "\nclass path entries: " + classPath.split(File.pathSeparator).length);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ReadmeSnippetsTest.class.getClassLoader())) {
            Class<?> type = loader.loadClass(s.className());
            Driver driver = DRIVERS.get(s.className());
            if (driver != null) {
                driver.run(type);
                DRIVEN.add(s.className());
            } else if (hasMain(type)) {
                captureMain(type);
            }
        }
    }

    // --- drivers: what a reader or a gateway would be comes from sdk-testkit -----------------------------------------

    private static void runCore(Class<?> type) throws Exception {
        String out = captureMain(type);
        assertTrue(out.contains("张三 110105********002* born 1949-**-**, fee 1230 fen"), out);
        assertTrue(out.matches("(?s)sm3 [0-9a-f]{64}, 32 bytes of SM4-CBC.*"), out);
    }

    private static void runCard(Class<?> type) throws Exception {
        Method read = type.getMethod("readAndRecordVisit", CardTransport.class, CardTransport.class, String.class);
        Object result = invoke(read, null, VirtualHealthCards.transport(VirtualHealthCards.example()),
                VirtualSam.transport(VirtualSam.example()), "123456");
        assertEquals("张晓虹: visit written to outpatient slot 1", result);
    }

    private static void runQr(Class<?> type) throws Exception {
        Sm2KeyPair hospital = Sm2KeyPair.generate(new SecureRandom());
        TokenIssuer issuer = TokenIssuer.builder().signingKey(hospital.privateKey()).issuer("YKT-BJ-0001")
                .keyId("2026-11").clock(Clock.systemUTC()).random(new SecureRandom()).build();
        String pass = issuer.issue(TokenClaims.builder().type(CredentialType.REGISTRATION_PASS)
                .subject("EMPI-000000123").ttl(Duration.ofHours(4)).oneTime(true).build());
        TrustList trusted = TrustList.builder().addKey("YKT-BJ-0001", "2026-11", hospital.publicKey()).build();
        try (EhcPlatformSimulator ehcPlatform = EhcPlatformSimulator.builder().appId("his-app").appSecret("secret")
                .build().start(0);
                MedicalInsuranceVoucherSimulator insurancePlatform = MedicalInsuranceVoucherSimulator.builder()
                        .orgId("H11010500001").build().start(0)) {
            Constructor<?> c = type.getConstructor(URI.class, String.class, String.class, URI.class, String.class,
                    TrustList.class);
            Object kiosk = c.newInstance(ehcPlatform.baseUri(), "his-app", "secret", insurancePlatform.baseUri(),
                    "H11010500001", trusted);
            Method handle = type.getMethod("handle", String.class);

            // what patients show: codes the simulators issue
            RegisteredHealthCard card = ehcPlatform.preload(HealthCardRegistration.of("王小明", Gender.MALE,
                    Nation.HAN, LocalDate.of(1990, 3, 7), IdDocumentType.RESIDENT_ID_CARD, "110105199003070017", "",
                    "13800000000"));
            String ehcCode = EhcPlatformClient.builder().baseUri(ehcPlatform.baseUri()).appId("his-app")
                    .appSecret("secret").hospitalId("YKT0000001").channel(PlatformChannel.SCAN_TERMINAL).build()
                    .getDynamicQRCode(card.healthCardId(), IdDocumentType.RESIDENT_ID_CARD, "110105199003070017",
                            QrCodeType.DYNAMIC).qrCodeText();
            String voucher = insurancePlatform.issueVoucher(new MedicalInsuranceVoucherSimulator.InsuredPerson(
                    "王小明", "110105199003070017", "01", "110100", Gender.MALE, LocalDate.of(1990, 3, 7)),
                    Instant.now().plusSeconds(600));

            String who = (String) invoke(handle, kiosk, ehcCode + "\r\n");
            assertTrue(who.startsWith("e-health card ") && !who.contains("110105199003070017")
                    && !who.contains("王小明"), who);
            assertEquals("insured in 110100", invoke(handle, kiosk, voucher + "\r\n"));
            assertEquals("REGISTRATION_PASS for EMPI-000000123", invoke(handle, kiosk, pass + "\r\n"));
            TokenVerificationException replay = assertThrows(TokenVerificationException.class,
                    () -> invoke(handle, kiosk, pass + "\r\n"), "a one-time pass is refused the second time");
            assertEquals("REPLAYED", replay.reason().name());
            assertEquals("WECHAT payment code: take the payment with sdk-payment",
                    invoke(handle, kiosk, "134567890123456789\r\n"));
            assertTrue(((String) invoke(handle, kiosk, "hello\r\n")).endsWith(": ask for another code"));
        }
    }

    private static void runPayment(Class<?> type) throws Exception {
        Method wechat = type.getMethod("wechat", String.class, String.class, String.class, java.security.PrivateKey.class,
                String.class, java.security.PublicKey.class, byte[].class);
        assertTrue(Modifier.isStatic(wechat.getModifiers()), "the production client factory is there");
        try (SampleGateways.Wechat gateway = SampleGateways.wechat(null)) {
            Object payments = type.getConstructor(Path.class, io.yikatong.payment.wechat.WechatPayV3Client.class,
                    URI.class).newInstance(Files.createTempDirectory(work, "pay"), gateway.client(), gateway.notifyUrl());
            try {
                Method fee = type.getMethod("registrationFee", String.class, String.class);
                assertEquals("paid 12.30", invoke(fee, payments, "README" + System.nanoTime(), "134567890123456789"));
                // the simulator declines codes starting with 1399
                String declined = (String) invoke(fee, payments, "README" + System.nanoTime(), "139967890123456789");
                assertTrue(declined.startsWith("declined: "), declined);
                Method notification = type.getMethod("notification", String.class, Map.class, byte[].class);
                assertEquals(400, invoke(notification, payments, "wechat", Map.of(),
                        "{\"forged\":true}".getBytes(StandardCharsets.UTF_8)), "a forged notification is refused");
                Object report = invoke(type.getMethod("reconcileYesterday"), payments);
                assertNotNull(report);
            } finally {
                ((AutoCloseable) payments).close();
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    private static boolean hasMain(Class<?> type) {
        try {
            Method main = type.getMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static synchronized String captureMain(Class<?> type) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            invoke(type.getMethod("main", String[].class), null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Object invoke(Method m, Object target, Object... args) throws Exception {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The project version, from the parent pom beside the README. */
    static final class YikatongVersion {
        static String project() throws Exception {
            String pom = Files.readString(Path.of("..", "pom.xml"));
            Matcher m = Pattern.compile("<artifactId>yikatong-parent</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(pom);
            assertTrue(m.find(), "the parent pom's version");
            return m.group(1);
        }
    }
}
