package io.yikatong.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.yikatong.card.CardTransport;
import io.yikatong.core.Money;
import io.yikatong.payment.PaymentClient;
import io.yikatong.qr.QrClassifier;
import io.yikatong.testkit.card.VirtualHealthCards;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the library modules ship: no development-only code in the sdk-core, sdk-card, sdk-qr and sdk-payment jars, the
 * license and implementation entries in each, and a BOM that manages exactly the published modules.
 *
 * <p>The jars are the ones on this module's test class path: in a reactor {@code mvn verify} (CI) that is
 * {@code ../sdk-*}{@code /target/sdk-*-VERSION.jar}, built by {@code package} just before; the sources jar beside each is
 * checked too. Where a build tool puts {@code target/classes} on the class path instead (an IDE, {@code mvn test}),
 * those directories are checked, which are what the jars are made of.
 */
class PackagingTest {

    /** The library modules and one class from each, which locates its jar on the class path. */
    private static final Map<String, Class<?>> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("sdk-core", Money.class);
        LIBRARIES.put("sdk-card", CardTransport.class);
        LIBRARIES.put("sdk-qr", QrClassifier.class);
        LIBRARIES.put("sdk-payment", PaymentClient.class);
    }

    /**
     * Development-only code by name: simulators and their simulated ledgers, virtual cards and SAMs, their example
     * profiles, the development PKI, the vpcd bridge, scripted or faulty transports, settable clocks, loopback servers,
     * anything named testkit. Matched against the whole entry path, case-insensitively.
     */
    private static final List<Pattern> FORBIDDEN = Stream.of(
            "testkit", "simulat", "virtual", "settable", "developmentpki", "vpcd", "scriptedcard", "faultycard",
            "loopback", "(^|/)example[^/]*\\.json$")
            .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();

    @Test
    void libraryJarsContainNoDevelopmentOnlyCode() throws Exception {
        Set<String> testkitTypes = topLevelTypeNames(entries(location(VirtualHealthCards.class)));
        assertTrue(testkitTypes.contains("VirtualHealthCards") && testkitTypes.contains("WechatPaySimulator"),
                "the testkit's own type names are known: " + testkitTypes);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Class<?>> library : LIBRARIES.entrySet()) {
            for (Path artifact : artifacts(library.getKey(), location(library.getValue()))) {
                List<String> entries = entries(artifact);
                checked += entries.size();
                for (String entry : entries) {
                    for (Pattern p : FORBIDDEN) {
                        if (p.matcher(entry).find()) {
                            problems.add(artifact.getFileName() + "!/" + entry + " (matches " + p.pattern() + ")");
                        }
                    }
                    String type = topLevelTypeName(entry);
                    if (type != null && testkitTypes.contains(type)) {
                        problems.add(artifact.getFileName() + "!/" + entry + " (a type of sdk-testkit)");
                    }
                }
            }
        }
        assertTrue(checked > 500, "only " + checked + " entries found in the library artifacts");
        if (!problems.isEmpty()) {
            fail("development-only code in the library artifacts (it belongs in sdk-testkit):\n  "
                    + String.join("\n  ", problems));
        }
    }

    @Test
    void libraryJarsCarryTheLicenseAndImplementationEntries() throws Exception {
        byte[] license = Files.readAllBytes(Path.of("..", "LICENSE"));
        assertTrue(new String(license, java.nio.charset.StandardCharsets.UTF_8).contains("Apache License"));
        String version = parentVersion();
        for (Map.Entry<String, Class<?>> library : LIBRARIES.entrySet()) {
            Path location = location(library.getValue());
            if (Files.isDirectory(location)) {
                assertArrayEquals(license, Files.readAllBytes(location.resolve("META-INF/LICENSE")), location.toString());
                continue;
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                assertNotNull(jar.getEntry("META-INF/LICENSE"), location + " has META-INF/LICENSE");
                try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/LICENSE"))) {
                    assertArrayEquals(license, in.readAllBytes(), location + " META-INF/LICENSE is ../LICENSE");
                }
                Manifest manifest = jar.getManifest();
                assertNotNull(manifest, location + " has a manifest");
                Attributes main = manifest.getMainAttributes();
                assertTrue(main.getValue("Implementation-Title").startsWith("Yikatong"), location.toString());
                assertEquals(version, main.getValue("Implementation-Version"), location.toString());
                assertEquals("the Yikatong authors", main.getValue("Implementation-Vendor"), location.toString());
                assertTrue(main.getValue("Automatic-Module-Name").startsWith("io.yikatong."), location.toString());
            }
        }
    }

    @Test
    void bomManagesExactlyThePublishedModulesAtTheProjectVersion() throws Exception {
        Document bom = xml(Path.of("..", "bom", "pom.xml"));
        Element project = bom.getDocumentElement();
        assertTrue(children(project, "parent").isEmpty(),
                "the BOM has no parent: it must not pass the parent's third-party versions to consumers");
        assertEquals("io.yikatong", text(project, "groupId"));
        assertEquals("yikatong-bom", text(project, "artifactId"));
        assertEquals("pom", text(project, "packaging"));
        assertEquals(parentVersion(), text(project, "version"), "the BOM's version is the project version");

        Element management = children(project, "dependencyManagement").get(0);
        Element dependencies = children(management, "dependencies").get(0);
        Set<String> managed = new TreeSet<>();
        for (Element d : children(dependencies, "dependency")) {
            assertEquals("io.yikatong", text(d, "groupId"), "the BOM manages Yikatong modules only");
            assertEquals("${project.version}", text(d, "version"), text(d, "artifactId"));
            managed.add(text(d, "artifactId"));
        }
        assertEquals(new TreeSet<>(List.of("sdk-core", "sdk-card", "sdk-qr", "sdk-payment", "sdk-testkit")), managed);

        Element parent = xml(Path.of("..", "pom.xml")).getDocumentElement();
        Set<String> modules = children(children(parent, "modules").get(0), "module").stream()
                .map(Node::getTextContent).collect(Collectors.toSet());
        assertTrue(modules.contains("bom"), "the parent builds the BOM: " + modules);
        assertTrue(modules.containsAll(managed), "every managed module is built: " + modules);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The main jar (or classes directory) of a library and, for a jar, its sources jar beside it. */
    private static List<Path> artifacts(String module, Path location) {
        List<Path> all = new ArrayList<>();
        all.add(location);
        String name = location.getFileName().toString();
        if (Files.isRegularFile(location)) {
            assertTrue(name.startsWith(module + "-") && name.endsWith(".jar"), location + " is " + module + "'s jar");
            Path sources = location.resolveSibling(name.substring(0, name.length() - 4) + "-sources.jar");
            if (Files.isRegularFile(sources)) {
                all.add(sources);
            }
        }
        return all;
    }

    /** Entry names of a jar, or relative paths (with '/') of the files under a classes directory. */
    private static List<String> entries(Path artifact) throws IOException {
        if (Files.isDirectory(artifact)) {
            try (Stream<Path> files = Files.walk(artifact)) {
                return files.filter(Files::isRegularFile)
                        .map(f -> artifact.relativize(f).toString().replace('\\', '/')).sorted().toList();
            }
        }
        try (JarFile jar = new JarFile(artifact.toFile())) {
            return jar.stream().filter(e -> !e.isDirectory()).map(e -> e.getName()).sorted().toList();
        }
    }

    private static Set<String> topLevelTypeNames(List<String> entries) {
        Set<String> names = new TreeSet<>();
        for (String e : entries) {
            String t = topLevelTypeName(e);
            if (t != null) {
                names.add(t);
            }
        }
        return names;
    }

    /** {@code a/b/Foo$Bar.class} and {@code a/b/Foo.java} → {@code Foo}; null for package-info and non-types. */
    private static String topLevelTypeName(String entry) {
        String file = entry.substring(entry.lastIndexOf('/') + 1);
        String base;
        if (file.endsWith(".class")) {
            base = file.substring(0, file.length() - 6);
        } else if (file.endsWith(".java")) {
            base = file.substring(0, file.length() - 5);
        } else {
            return null;
        }
        int dollar = base.indexOf('$');
        base = dollar >= 0 ? base.substring(0, dollar) : base;
        String lower = base.toLowerCase(Locale.ROOT);
        return lower.equals("package-info") || lower.equals("module-info") ? null : base;
    }

    private static String parentVersion() throws Exception {
        return text(xml(Path.of("..", "pom.xml")).getDocumentElement(), "version");
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> c = children(parent, name);
        assertFalse(c.isEmpty(), "<" + name + "> in <" + parent.getTagName() + ">");
        return c.get(0).getTextContent().strip();
    }
}
