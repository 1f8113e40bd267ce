package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.InvalidInputException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The deployment details of the medical-insurance platform that the public reference does not fix [?]: the number and
 * HTTP path of each function, and the meaning of each order status code ({@code ordStas}).
 *
 * <p>Defaults: function numbers 6201/6202/6301/6401/6203, each posted to {@code /<number>} under the base URI [?];
 * status codes [?] {@code "0"}, {@code "1"}, {@code "2"} → {@link MedicalInsuranceOrderState#PROCESSING}, {@code "4"} →
 * {@link MedicalInsuranceOrderState#SETTLED}, {@code "5"} → {@link MedicalInsuranceOrderState#FAILED}, {@code "6"} →
 * {@link MedicalInsuranceOrderState#UNDONE}, {@code "7"} → {@link MedicalInsuranceOrderState#REFUNDED}. A code that is not mapped
 * reads as {@link MedicalInsuranceOrderState#PROCESSING}: an unknown status is never a failure. Confirm the codes with the
 * provincial 《医保移动支付接口规范》 and override them with {@link #withStatus}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class MedicalInsuranceProfile {

    private static final MedicalInsuranceProfile DEFAULTS = defaultsInternal();

    private final Map<MedicalInsuranceFunction, String> numbers;
    private final Map<MedicalInsuranceFunction, String> paths;
    private final Map<String, MedicalInsuranceOrderState> statuses;

    private MedicalInsuranceProfile(Map<MedicalInsuranceFunction, String> numbers, Map<MedicalInsuranceFunction, String> paths,
            Map<String, MedicalInsuranceOrderState> statuses) {
        this.numbers = Collections.unmodifiableMap(new EnumMap<>(numbers));
        this.paths = Collections.unmodifiableMap(new EnumMap<>(paths));
        this.statuses = Collections.unmodifiableMap(new HashMap<>(statuses));
    }

    private static MedicalInsuranceProfile defaultsInternal() {
        Map<MedicalInsuranceFunction, String> n = new EnumMap<>(MedicalInsuranceFunction.class);
        Map<MedicalInsuranceFunction, String> p = new EnumMap<>(MedicalInsuranceFunction.class);
        for (MedicalInsuranceFunction f : MedicalInsuranceFunction.values()) {
            n.put(f, f.defaultNumber());
            p.put(f, "/" + f.defaultNumber());
        }
        Map<String, MedicalInsuranceOrderState> s = new HashMap<>();
        s.put("0", MedicalInsuranceOrderState.PROCESSING);
        s.put("1", MedicalInsuranceOrderState.PROCESSING);
        s.put("2", MedicalInsuranceOrderState.PROCESSING);
        s.put("4", MedicalInsuranceOrderState.SETTLED);
        s.put("5", MedicalInsuranceOrderState.FAILED);
        s.put("6", MedicalInsuranceOrderState.UNDONE);
        s.put("7", MedicalInsuranceOrderState.REFUNDED);
        return new MedicalInsuranceProfile(n, p, s);
    }

    /**
     * Returns the default profile described above.
     *
     * @return the profile
     */
    public static MedicalInsuranceProfile defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy with another number and path for one function.
     *
     * @param function the function
     * @param number the function number, for example {@code "6201"}
     * @param path the HTTP path relative to the base URI, starting with {@code /}
     * @return the new profile
     * @throws InvalidInputException if the number is empty or the path does not start with {@code /}
     */
    public MedicalInsuranceProfile withFunction(MedicalInsuranceFunction function, String number, String path) {
        Objects.requireNonNull(function, "function");
        if (number == null || number.isEmpty()) {
            throw new InvalidInputException("number", "must not be empty");
        }
        if (path == null || !path.startsWith("/")) {
            throw new InvalidInputException("path", "must start with /");
        }
        Map<MedicalInsuranceFunction, String> n = new EnumMap<>(numbers);
        Map<MedicalInsuranceFunction, String> p = new EnumMap<>(paths);
        n.put(function, number);
        p.put(function, path);
        return new MedicalInsuranceProfile(n, p, statuses);
    }

    /**
     * Returns a copy that reads one status code as the given state.
     *
     * @param ordStas the status code
     * @param state its meaning
     * @return the new profile
     * @throws InvalidInputException if the code is empty or the state is null
     */
    public MedicalInsuranceProfile withStatus(String ordStas, MedicalInsuranceOrderState state) {
        if (ordStas == null || ordStas.isEmpty() || state == null) {
            throw new InvalidInputException("ordStas", "code and state must not be empty");
        }
        Map<String, MedicalInsuranceOrderState> s = new HashMap<>(statuses);
        s.put(ordStas, state);
        return new MedicalInsuranceProfile(numbers, paths, s);
    }

    /**
     * Returns the number of a function.
     *
     * @param function the function
     * @return the number
     */
    public String number(MedicalInsuranceFunction function) {
        return numbers.get(function);
    }

    /**
     * Returns the HTTP path of a function.
     *
     * @param function the function
     * @return the path, starting with {@code /}
     */
    public String path(MedicalInsuranceFunction function) {
        return paths.get(function);
    }

    /**
     * Reads a status code.
     *
     * @param ordStas the code
     * @return its state; {@link MedicalInsuranceOrderState#PROCESSING} for an unmapped code
     */
    public MedicalInsuranceOrderState state(String ordStas) {
        return statuses.getOrDefault(ordStas, MedicalInsuranceOrderState.PROCESSING);
    }

    /**
     * Returns a code that reads as the given state, for simulators and tests.
     *
     * @param state the state
     * @return the smallest such code, or empty if none is mapped
     */
    public java.util.Optional<String> codeFor(MedicalInsuranceOrderState state) {
        return statuses.entrySet().stream().filter(e -> e.getValue() == state).map(Map.Entry::getKey).sorted()
                .findFirst();
    }

    @Override
    public String toString() {
        return "MedicalInsuranceProfile" + numbers.values();
    }
}
