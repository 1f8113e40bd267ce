package io.yikatong.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints each benchmark's throughput as a ratio to its BouncyCastle baseline measured in the same JMH run.
 *
 * <p>Within one benchmark class and one parameter set, each method is compared with the baseline named in
 * {@code BASELINES}. Usage: {@code java -cp benchmarks.jar io.yikatong.benchmarks.Ratios results.json}.
 */
public final class Ratios {

    private Ratios() {
    }

    /**
     * Entry point.
     *
     * @param args the JMH JSON result file
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Ratios JMH_RESULT.json");
            System.exit(2);
        }
        JsonNode root = new ObjectMapper().readTree(new File(args[0]));
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode run : root) {
            String benchmark = run.get("benchmark").asText();
            String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
            cls = cls.substring(cls.lastIndexOf('.') + 1);
            String params = run.has("params") ? run.get("params").toString() : "";
            // a benchmark measured in several modes is compared within each mode
            String mode = run.has("mode") ? run.get("mode").asText() : "";
            groups.computeIfAbsent(cls + " " + mode + " " + params, k -> new ArrayList<>()).add(run);
        }
        System.out.printf(Locale.ROOT, "%-64s %14s %10s  %s%n", "benchmark [params]", "ops/s", "ratio", "baseline");
        for (Map.Entry<String, List<JsonNode>> group : groups.entrySet()) {
            String cls = group.getKey().substring(0, group.getKey().indexOf(' '));
            for (JsonNode run : group.getValue()) {
                String label = simpleName(run) + " " + params(run) + modeLabel(run);
                double ops = opsPerSecond(run);
                String baselineName = baselineFor(cls, method(run));
                JsonNode baseline = null;
                for (JsonNode candidate : group.getValue()) {
                    if (method(candidate).equals(baselineName)) {
                        baseline = candidate;
                    }
                }
                String ratio;
                if (baseline == null || baseline == run) {
                    ratio = baseline == run ? "(base)" : "-";
                    baselineName = "";
                } else {
                    ratio = String.format(Locale.ROOT, "%.2fx", ops / opsPerSecond(baseline));
                }
                System.out.printf(Locale.ROOT, "%-64s %14.0f %10s  %s%s%n", label, ops, ratio, baselineName,
                        percentiles(run));
            }
        }
    }

    /**
     * The baseline each benchmark method is compared with: per class, the first rule whose method-name prefix matches.
     * BouncyCastle's reused-object path is the baseline for crypto (the targets in performance.md are ratios to it).
     */
    private static final Map<String, List<String[]>> BASELINES = Map.ofEntries(
            Map.entry("Sm3Benchmark", List.<String[]>of(new String[] {"", "bcLightweightReused"})),
            Map.entry("Sm4Benchmark", List.of(new String[] {"cbc", "cbcBcCachedKey"},
                    new String[] {"ecb", "ecbBc"})),
            Map.entry("Sm4MacBenchmark", List.<String[]>of(new String[] {"", "bcReused"})),
            Map.entry("Sm2SignBenchmark", List.<String[]>of(new String[] {"", "bcReusedSigner"})),
            Map.entry("Sm2VerifyBenchmark", List.<String[]>of(new String[] {"", "bcReusedVerifier"})),
            Map.entry("Sm2VerifyEngineBenchmark", List.of(new String[] {"fastCore", "bcCore"},
                    new String[] {"fastFull", "bcSignerFull"})),
            Map.entry("TokenVerifyBenchmark", List.of(new String[] {"verify", "bcVerify"},
                    new String[] {"issue", "bcSign"})),
            Map.entry("ApduOverheadBenchmark", List.<String[]>of(new String[] {"sdk", "baselineJavaxSmartcardio"})),
            Map.entry("QrEncodeBenchmark", List.<String[]>of(new String[] {"", "zxingEncoder"})),
            Map.entry("AgentLoadBenchmark", List.<String[]>of(new String[] {"agentHealth", "bareJetty"})),
            Map.entry("JournalBenchmark", List.<String[]>of(new String[] {"", "baselineRawJdbc"})),
            Map.entry("SettlementEnvelopeBenchmark", List.of(new String[] {"decode", "baselinePlainJacksonTree"},
                    new String[] {"tif", "baselineSha256"}, new String[] {"csb", "baselineSha256"})),
            Map.entry("MedicalInsuranceEnvelopeBenchmark", List.of(new String[] {"seal", "baselineSm2Sign"},
                    new String[] {"open", "baselineSm2Verify"})),
            Map.entry("WechatPaySigningBenchmark",
                    List.<String[]>of(new String[] {"signRequest", "baselineJdkRsaSign"})),
            Map.entry("AlipaySigningBenchmark", List.of(new String[] {"signRequest", "baselineJdkRsaSign"},
                    new String[] {"verifyNotification", "baselineJdkRsaVerify"})),
            Map.entry("UnionPaySigningBenchmark",
                    List.<String[]>of(new String[] {"signFields", "baselineJdkRsaSign"})),
            Map.entry("CodecBenchmark", List.of(new String[] {"berTlv", "baselineBouncyCastleAsn1Fci"},
                    new String[] {"gbText", "baselineNewStringGb18030"},
                    new String[] {"hexEncode", "baselineHexFormatEncode"},
                    new String[] {"hexParse", "baselineHexFormatParse"})));

    private static String baselineFor(String cls, String method) {
        for (String[] rule : BASELINES.getOrDefault(cls, List.of())) {
            if (method.startsWith(rule[0])) {
                return rule[1];
            }
        }
        return "";
    }

    /** Marks runs in a mode other than throughput (whose "ops/s" is 1 / mean time of one operation). */
    private static String modeLabel(JsonNode run) {
        String mode = run.has("mode") ? run.get("mode").asText() : "thrpt";
        return mode.equals("thrpt") ? "" : " (" + mode + ")";
    }

    /** For sampled runs: p50 and p99 of one operation, in the benchmark's time unit. */
    private static String percentiles(JsonNode run) {
        JsonNode p = run.get("primaryMetric").get("scorePercentiles");
        if (!run.path("mode").asText().equals("sample") || p == null || !p.has("50.0") || !p.has("99.0")) {
            return "";
        }
        String unit = run.get("primaryMetric").get("scoreUnit").asText();
        unit = unit.substring(0, unit.indexOf('/'));
        return String.format(Locale.ROOT, "%sp50 %.3f %s, p99 %.3f %s", "  ", p.get("50.0").asDouble(), unit,
                p.get("99.0").asDouble(), unit);
    }

    private static String method(JsonNode run) {
        String b = run.get("benchmark").asText();
        return b.substring(b.lastIndexOf('.') + 1);
    }

    private static String simpleName(JsonNode run) {
        String b = run.get("benchmark").asText();
        String cls = b.substring(0, b.lastIndexOf('.'));
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + method(run);
    }

    private static String params(JsonNode run) {
        if (!run.has("params")) {
            return "";
        }
        StringBuilder sb = new StringBuilder("[");
        run.get("params").fields().forEachRemaining(e -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(e.getKey()).append('=').append(e.getValue().asText());
        });
        return sb.append(']').toString();
    }

    /** Converts the primary metric to operations per second, whatever the benchmark mode. */
    static double opsPerSecond(JsonNode run) {
        JsonNode metric = run.get("primaryMetric");
        double score = metric.get("score").asDouble();
        String unit = metric.get("scoreUnit").asText();
        String[] parts = unit.split("/");
        if (parts[0].equals("ops")) {
            return score / seconds(parts[1]);
        }
        return 1.0 / (score * seconds(parts[0]));
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unknown time unit " + unit);
        };
    }
}
