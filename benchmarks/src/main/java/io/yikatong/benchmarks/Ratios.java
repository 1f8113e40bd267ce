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
 * <p>Convention: within one benchmark class and one parameter set, the baseline is the method named {@code bcReused}
 * (BouncyCastle used the best common way: key/engine/signer reused), else the first method whose name starts with
 * {@code bc}. Usage: {@code java -cp benchmarks.jar io.yikatong.benchmarks.Ratios results.json}.
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
            groups.computeIfAbsent(cls + " " + params, k -> new ArrayList<>()).add(run);
        }
        System.out.printf(Locale.ROOT, "%-60s %14s %10s%n", "benchmark [params]", "ops/s", "x baseline");
        for (Map.Entry<String, List<JsonNode>> group : groups.entrySet()) {
            JsonNode baseline = null;
            for (JsonNode run : group.getValue()) {
                if (method(run).equals("bcReused")) {
                    baseline = run;
                }
            }
            if (baseline == null) {
                for (JsonNode run : group.getValue()) {
                    if (baseline == null && method(run).startsWith("bc")) {
                        baseline = run;
                    }
                }
            }
            for (JsonNode run : group.getValue()) {
                String label = simpleName(run) + " " + params(run);
                double ops = opsPerSecond(run);
                String ratio = baseline == null ? "-" : String.format(Locale.ROOT, "%.2f", ops / opsPerSecond(baseline));
                if (run == baseline) {
                    ratio = "(base)";
                }
                System.out.printf(Locale.ROOT, "%-60s %14.0f %10s%n", label, ops, ratio);
            }
        }
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
