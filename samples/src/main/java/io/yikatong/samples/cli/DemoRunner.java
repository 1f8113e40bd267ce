package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs demo steps in order, timing each, and reports them for people (numbered steps, key facts, a summary) or as
 * JSON ({@code {"steps":[{"name":…,"status":"ok"|"failed","millis":…,…}],…}}). A failed step stops the run.
 *
 * <p>Not thread-safe; confine to one thread.
 */
final class DemoRunner {

    /** One step: a name (kebab-case, what it does), a title for people, and the work. */
    record Step(String name, String title, StepBody body) {
    }

    /** The work of a step: fills in key facts, may print extra lines (a QR code) for people. */
    @FunctionalInterface
    interface StepBody {
        void run(Map<String, Object> facts, List<String> display) throws Exception;
    }

    private final List<Step> steps = new ArrayList<>();
    private java.util.function.Supplier<Map<String, Object>> summary = Map::of;

    /** Sets what the summary says after all steps succeeded (printed last; {@code "summary"} in JSON). */
    DemoRunner summary(java.util.function.Supplier<Map<String, Object>> summary) {
        this.summary = summary;
        return this;
    }

    DemoRunner add(String name, String title, StepBody body) {
        steps.add(new Step(name, title, body));
        return this;
    }

    /**
     * Runs the steps.
     *
     * @return {@code true} if every step succeeded
     */
    boolean run(PrintStream out, PrintStream err, boolean json, boolean verbose, String heading) throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        long total = System.nanoTime();
        boolean ok = true;
        if (!json) {
            out.println(heading);
            out.println();
        }
        int number = 0;
        for (Step step : steps) {
            number++;
            Map<String, Object> facts = new LinkedHashMap<>();
            List<String> display = new ArrayList<>();
            long start = System.nanoTime();
            Exception failure = null;
            try {
                step.body().run(facts, display);
            } catch (Exception e) {
                failure = e;
            }
            double millis = (System.nanoTime() - start) / 1e6;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", step.name());
            result.put("status", failure == null ? "ok" : "failed");
            result.put("millis", Math.round(millis * 10) / 10.0);
            if (failure != null) {
                result.put("error", failure.getClass().getSimpleName() + ": " + failure.getMessage());
            }
            for (Map.Entry<String, Object> fact : facts.entrySet()) {
                if (result.putIfAbsent(fact.getKey(), fact.getValue()) != null) {
                    throw new IllegalStateException("step " + step.name() + " reuses reserved key " + fact.getKey());
                }
            }
            results.add(result);
            if (!json) {
                out.printf("%2d. %-68s %s %8.1f ms%n", number, step.title(), failure == null ? "ok    " : "FAILED", millis);
                for (Map.Entry<String, Object> fact : facts.entrySet()) {
                    out.printf("      %-22s %s%n", fact.getKey(), fact.getValue());
                }
                for (String line : display) {
                    out.println("      " + line);
                }
                if (failure != null) {
                    out.println("      error: " + result.get("error"));
                    if (verbose) {
                        failure.printStackTrace(err);
                    }
                }
            }
            if (failure != null) {
                ok = false;
                break;
            }
        }
        double totalMillis = (System.nanoTime() - total) / 1e6;
        long passed = results.stream().filter(r -> "ok".equals(r.get("status"))).count();
        Map<String, Object> summed = ok ? summary.get() : Map.of();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("steps", results);
            doc.put("status", ok ? "ok" : "failed");
            if (!summed.isEmpty()) {
                doc.put("summary", summed);
            }
            doc.put("totalMillis", Math.round(totalMillis * 10) / 10.0);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            out.println();
            if (!summed.isEmpty()) {
                out.println("Summary");
                for (Map.Entry<String, Object> line : summed.entrySet()) {
                    out.printf("  %-12s %s%n", line.getKey(), line.getValue());
                }
                out.println();
            }
            out.printf("%s: %d of %d steps ok in %.1f ms%n", ok ? "done" : "FAILED", passed, steps.size(), totalMillis);
        }
        out.flush();
        if (!ok) {
            Map<String, Object> failed = results.get(results.size() - 1);
            err.println("yikatong: demo step '" + failed.get("name") + "' failed: " + failed.get("error"));
        }
        return ok;
    }
}
