package io.yikatong.core.internal;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.domain.CodedValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lookup support for the national code-table enums in {@code io.yikatong.core.domain}. Not API.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CodeTables<E extends Enum<E> & CodedValue> {

    private final Map<String, E> byCode;
    private final String element;

    private CodeTables(Map<String, E> byCode, String element) {
        this.byCode = byCode;
        this.element = element;
    }

    /**
     * Indexes an enum's constants by code.
     *
     * @param type the enum class
     * @param element the element name used in decode errors, for example {@code "gender code (GB/T 2261.1)"}
     * @param <E> the enum type
     * @return the index
     * @throws IllegalStateException if two constants share a code (a defect in the enum)
     */
    public static <E extends Enum<E> & CodedValue> CodeTables<E> of(Class<E> type, String element) {
        Map<String, E> map = new HashMap<>();
        for (E e : type.getEnumConstants()) {
            if (map.put(e.code(), e) != null) {
                throw new IllegalStateException("duplicate code " + e.code() + " in " + type.getName());
            }
        }
        return new CodeTables<>(Map.copyOf(map), element);
    }

    /**
     * Looks a code up.
     *
     * @param code the code string
     * @return the constant, or empty
     */
    public Optional<E> find(String code) {
        Objects.requireNonNull(code, "code");
        return Optional.ofNullable(byCode.get(code));
    }

    /**
     * Looks a code up that came from outside the program.
     *
     * @param code the code string
     * @return the constant
     * @throws MalformedDataException if the code is unknown; the message gives only the code's length, because code
     *     values of a person (gender, ethnic group) are personal data
     */
    public E decode(String code) throws MalformedDataException {
        Objects.requireNonNull(code, "code");
        E e = byCode.get(code);
        if (e == null) {
            throw new MalformedDataException(element, -1, "unknown code (" + code.length() + " characters)");
        }
        return e;
    }
}
