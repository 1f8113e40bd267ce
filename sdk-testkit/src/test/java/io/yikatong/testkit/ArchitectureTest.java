package io.yikatong.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build's architecture rules, checked on the sources of the library modules ({@code ../sdk-core},
 * {@code ../sdk-card}, {@code ../sdk-qr}, {@code ../sdk-payment}, relative to this module's directory), of this module
 * and of {@code ../samples}:
 * <ol>
 * <li>A library module never uses another module's {@code internal} packages (a module is a top package:
 * {@code io.yikatong.core}, {@code .card}, {@code .qr}, {@code .payment}); what one module needs of another is public
 * API.</li>
 * <li>sdk-testkit uses exactly the library internals listed in {@link #TESTKIT_ALLOWED_INTERNALS}: its virtual cards
 * and gateway simulators play the other side of the protocols with the SDK's own crypto and codecs, and the tests that
 * moved here test some internals. A new one fails the build until it is added here, on purpose.</li>
 * <li>The samples, which users copy, use no internal package at all.</li>
 * <li>The health card's security ({@code io.yikatong.card.health.security} and below) forms no package cycle with
 * the rest of the health card: {@code card.health} uses it, it does not use {@code card.health}, directly or through
 * another package.</li>
 * <li>The vendor-DLL facade {@code io.yikatong.card.compat} sits on top: no library package outside it uses it.</li>
 * </ol>
 * A use is an import (single-type, on-demand or static) or a fully qualified name in code; comments and string
 * literals do not count.
 */
class ArchitectureTest {

    private static final List<String> LIBRARY_MODULES = List.of("core", "card", "qr", "payment");

    /** The library internals sdk-testkit (main and test sources) uses, and who uses them. */
    private static final Set<String> TESTKIT_ALLOWED_INTERNALS = Set.of(
            "io.yikatong.card.compat.internal",            // HealthCardDllTest: DllRefusalException
            "io.yikatong.card.health.internal",            // VirtualHealthCards, VirtualCardDecodeTest: HealthCardCodec
            "io.yikatong.card.health.security.internal",   // VirtualCard, SamApplet, VirtualSamTest: HealthCardCrypto
            "io.yikatong.card.purse.internal",             // purse card and PSAM applets and tests: PurseCrypto, PurseCodec
            "io.yikatong.card.social.internal",            // social security applets and tests: SocialSecurityCrypto,
                                                           // MedicalAccountCodec
            "io.yikatong.core.crypto.internal",            // SamApplet: Sm2Curve, to sign a digest as a PSAM does
            "io.yikatong.payment.alipay.internal",         // AlipaySimulator, AlipaySigningTest: AlipaySigning
            "io.yikatong.payment.medicalinsurance.internal", // the payment simulator and its test: MedicalInsuranceEnvelope
            "io.yikatong.payment.unionpay.internal",       // UnionPaySimulator and tests: AcpCertificates, AcpForms,
                                                           // AcpSigning
            "io.yikatong.payment.wechat.internal",         // WechatPaySimulator: WechatCrypto, ResourceCipher, WechatJson
            "io.yikatong.qr.ehc.internal",                 // EhcPlatformSimulator, EhcPlatformClientTest: EhcSigner
            "io.yikatong.qr.internal");                    // token tests: Base45

    private static final String HEALTH = "io.yikatong.card.health";
    private static final String HEALTH_SECURITY = "io.yikatong.card.health.security";
    private static final String COMPAT = "io.yikatong.card.compat";

    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.\\s]+?)\\s*;");
    private static final Pattern REFERENCE =
            Pattern.compile("(?<![\\w.$])io\\s*\\.\\s*yikatong(?:\\s*\\.\\s*(?:[A-Za-z_$][\\w$]*|\\*))+");

    /** One source file: where it lives, its package and the packages it uses. */
    record Source(String module, Path path, String pkg, Set<String> uses) {
    }

    private static Path root;
    private static Map<String, List<Source>> mainSources;
    private static Map<String, List<Source>> testSources;

    @BeforeAll
    static void readSources() {
        Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        root = basedir.toAbsolutePath().normalize().getParent();
        mainSources = new TreeMap<>();
        testSources = new TreeMap<>();
        for (String module : List.of("sdk-core", "sdk-card", "sdk-qr", "sdk-payment", "sdk-testkit", "samples")) {
            mainSources.put(module, scan(module, "src/main/java"));
            testSources.put(module, scan(module, "src/test/java"));
        }
    }

    @Test
    void theSourcesAreThere() {
        // a wrong base directory must fail here, not make every rule pass on nothing
        for (String module : List.of("sdk-core", "sdk-card", "sdk-qr", "sdk-payment", "sdk-testkit", "samples")) {
            assertTrue(mainSources.get(module).size() >= 10,
                    module + ": only " + mainSources.get(module).size() + " main sources under " + root);
        }
        assertTrue(testSources.get("sdk-testkit").stream().anyMatch(s -> s.path().endsWith("ArchitectureTest.java")));
    }

    @Test
    void noLibraryModuleUsesAnotherModulesInternals() {
        List<String> violations = new ArrayList<>();
        for (String module : List.of("sdk-core", "sdk-card", "sdk-qr", "sdk-payment")) {
            String own = module.substring("sdk-".length());
            for (Source s : all(module)) {
                for (String p : s.uses()) {
                    if (isInternal(p) && !own.equals(moduleOf(p))) {
                        violations.add(where(s) + " uses " + p + " (internal to sdk-" + moduleOf(p) + ")");
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), "library modules must use each other's public API only:\n"
                + String.join("\n", violations));
    }

    @Test
    void theTestkitUsesExactlyTheListedLibraryInternals() {
        Map<String, Set<String>> used = new TreeMap<>();
        for (Source s : all("sdk-testkit")) {
            for (String p : s.uses()) {
                if (isInternal(p) && LIBRARY_MODULES.contains(moduleOf(p))) {
                    used.computeIfAbsent(p, k -> new TreeSet<>()).add(where(s));
                }
            }
        }
        Set<String> unlisted = new TreeSet<>(used.keySet());
        unlisted.removeAll(TESTKIT_ALLOWED_INTERNALS);
        Set<String> unused = new TreeSet<>(TESTKIT_ALLOWED_INTERNALS);
        unused.removeAll(used.keySet());
        assertTrue(unlisted.isEmpty(), "sdk-testkit uses library internals that ArchitectureTest does not list: "
                + unlisted.stream().map(p -> p + " " + used.get(p)).collect(Collectors.joining("; ")));
        assertTrue(unused.isEmpty(), "ArchitectureTest lists library internals sdk-testkit no longer uses (remove them): "
                + unused);
    }

    @Test
    void theSamplesUseNoInternals() {
        List<String> violations = new ArrayList<>();
        for (Source s : all("samples")) {
            s.uses().stream().filter(ArchitectureTest::isInternal).forEach(p -> violations.add(where(s) + " uses " + p));
        }
        assertTrue(violations.isEmpty(), "samples show the public API only:\n" + String.join("\n", violations));
    }

    @Test
    void theHealthCardsSecurityFormsNoCycleWithTheHealthCard() {
        Map<String, Set<String>> graph = packageGraph(mainSources.get("sdk-card"), "io.yikatong.card");
        assertTrue(graph.getOrDefault(HEALTH, Set.of()).contains(HEALTH_SECURITY),
                "the graph sees card.health use card.health.security (else this check proves nothing): " + graph);
        // directly: nothing in the security tree uses card.health or a package below it outside the tree
        List<String> direct = new ArrayList<>();
        for (Source s : mainSources.get("sdk-card")) {
            if (inTree(s.pkg(), HEALTH_SECURITY)) {
                s.uses().stream().filter(p -> inTree(p, HEALTH) && !inTree(p, HEALTH_SECURITY))
                        .forEach(p -> direct.add(where(s) + " uses " + p));
            }
        }
        assertTrue(direct.isEmpty(), "card.health.security must not use card.health:\n" + String.join("\n", direct));
        // transitively: no strongly connected component mixes the security tree with other packages
        List<String> mixed = new ArrayList<>();
        for (Set<String> component : stronglyConnectedComponents(graph)) {
            boolean security = component.stream().anyMatch(p -> inTree(p, HEALTH_SECURITY));
            boolean other = component.stream().anyMatch(p -> !inTree(p, HEALTH_SECURITY));
            if (security && other) {
                mixed.add(component.toString());
            }
        }
        assertTrue(mixed.isEmpty(), "package cycles through card.health.security: " + mixed);
        assertFalse(reaches(graph, HEALTH_SECURITY, HEALTH), "card.health.security reaches card.health");
    }

    @Test
    void nothingButTheFacadeUsesTheDllFacade() {
        List<String> violations = new ArrayList<>();
        for (String module : List.of("sdk-core", "sdk-card", "sdk-qr", "sdk-payment")) {
            for (Source s : mainSources.get(module)) {
                if (!inTree(s.pkg(), COMPAT)) {
                    s.uses().stream().filter(p -> inTree(p, COMPAT)).forEach(p -> violations.add(where(s) + " uses " + p));
                }
            }
        }
        assertTrue(violations.isEmpty(), "the DLL facade is a layer on top, not a dependency:\n"
                + String.join("\n", violations));
    }

    @Test
    void theScannerSeesImportsAndQualifiedNamesButNotCommentsOrStrings() {
        String java = String.join("\n",
                "package io.yikatong.card.health.security;",
                "",
                "import io.yikatong.core.Bytes;",
                "import static io.yikatong.card.health.internal.Df03Items.SIGNATURE_LENGTH;",
                "import io.yikatong.qr.ehc.*;",
                "/** See {@link io.yikatong.core.internal.CodeTables} and io.yikatong.card.internal. */",
                "class X { // io.yikatong.payment.wechat.internal.WechatCrypto",
                "    String s = \"io.yikatong.qr.internal.Base45\";",
                "    String t = \"\"\"",
                "        io.yikatong.qr.token.internal.TrustedKey \\\" io.yikatong.payment.internal.X\"\"\";",
                "    char c = '\"'; Object o = io.yikatong.core.codec",
                "            .Hex.encode(new byte[0]);",
                "    /* io.yikatong.testkit.internal.SimulatorFaults */ int n = io.yikatong.card.health.HealthCardFile",
                "            .DF03_ED01.size();",
                "}");
        Source s = parse("sdk-card", Path.of("X.java"), java);
        assertEquals("io.yikatong.card.health.security", s.pkg());
        assertEquals(Set.of("io.yikatong.core", "io.yikatong.card.health.internal", "io.yikatong.qr.ehc",
                "io.yikatong.core.codec", "io.yikatong.card.health"), s.uses());
        assertEquals("card", moduleOf("io.yikatong.card.health.internal"));
        assertTrue(isInternal("io.yikatong.card.health.security.internal"));
        assertFalse(isInternal("io.yikatong.card.health.security"));
        Map<String, Set<String>> cycle = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d",
                Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c"), Set.of("d")),
                stronglyConnectedComponents(cycle).stream().sorted((x, y) -> y.size() - x.size()).toList());
    }

    // ------------------------------------------------------------------------------------------------ scanning

    private static List<Source> all(String module) {
        List<Source> out = new ArrayList<>(mainSources.get(module));
        out.addAll(testSources.get(module));
        return out;
    }

    private static List<Source> scan(String module, String sourceRoot) {
        Path dir = root.resolve(module).resolve(sourceRoot);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            // module descriptors declare (qualified) exports, they use nothing: ModularConsumerTest checks them
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("module-info.java")).sorted().map(f -> {
                try {
                    return parse(module, root.relativize(f), Files.readString(f, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Source parse(String module, Path path, String java) {
        String code = stripCommentsAndLiterals(java);
        Matcher pm = PACKAGE.matcher(code);
        String pkg = "";
        if (pm.find()) {
            pkg = pm.group(1).replaceAll("\\s", "");
            code = code.substring(0, pm.start()) + " ".repeat(pm.end() - pm.start()) + code.substring(pm.end());
        }
        Set<String> uses = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            String p = packageOf(m.group().replaceAll("\\s", ""));
            if (!p.equals(pkg)) {
                uses.add(p);
            }
        }
        return new Source(module, path, pkg, uses);
    }

    /** The package part of a qualified name: the segments before the first upper-case one or {@code *}. */
    private static String packageOf(String qualifiedName) {
        List<String> segments = new ArrayList<>();
        for (String segment : qualifiedName.split("\\.")) {
            if (segment.equals("*") || Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }

    /** Blanks out comments, string and character literals and text blocks, keeping line breaks. */
    static String stripCommentsAndLiterals(String java) {
        StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (c == '/' && i + 1 < n && java.charAt(i + 1) == '/') {
                while (i < n && java.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && java.charAt(i + 1) == '*') {
                int end = java.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(java, i, end, out);
                i = end;
            } else if (java.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !java.startsWith("\"\"\"", end)) {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 3);
                blank(java, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && java.charAt(end) != c && java.charAt(end) != '\n') {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
                blank(java, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(String java, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(java.charAt(k) == '\n' ? '\n' : ' ');
        }
    }

    // ------------------------------------------------------------------------------------------------ rules

    private static boolean isInternal(String pkg) {
        return List.of(pkg.split("\\.")).contains("internal");
    }

    /** The module of a package: its third segment ({@code io.yikatong.<module>...}). */
    private static String moduleOf(String pkg) {
        String[] s = pkg.split("\\.");
        return s.length > 2 ? s[2] : "";
    }

    private static boolean inTree(String pkg, String tree) {
        return pkg.equals(tree) || pkg.startsWith(tree + ".");
    }

    private static String where(Source s) {
        return s.path().toString();
    }

    private static Map<String, Set<String>> packageGraph(List<Source> sources, String within) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Source s : sources) {
            Set<String> edges = graph.computeIfAbsent(s.pkg(), k -> new TreeSet<>());
            s.uses().stream().filter(p -> inTree(p, within)).forEach(edges::add);
        }
        return graph;
    }

    private static boolean reaches(Map<String, Set<String>> graph, String from, String to) {
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        Set<String> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (p.equals(to)) {
                return true;
            }
            if (seen.add(p)) {
                todo.addAll(graph.getOrDefault(p, Set.of()));
            }
        }
        return false;
    }

    /** Tarjan's algorithm. */
    static List<Set<String>> stronglyConnectedComponents(Map<String, Set<String>> graph) {
        Set<String> nodes = new TreeSet<>(graph.keySet());
        graph.values().forEach(nodes::addAll);
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String node : nodes) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, components, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }
}
