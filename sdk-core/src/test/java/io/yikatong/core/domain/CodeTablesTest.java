package io.yikatong.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.MalformedDataException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CodeTablesTest {

    interface Lookup {
        CodedValue decode(String code) throws MalformedDataException;
    }

    record Table(Class<?> type, List<? extends CodedValue> values, Lookup decode,
                 java.util.function.Function<String, Optional<? extends CodedValue>> find) {
        @Override
        public String toString() {
            return type.getSimpleName();
        }
    }

    static Stream<Table> tables() {
        return Stream.of(
                new Table(Gender.class, List.of(Gender.values()), Gender::decode, Gender::find),
                new Table(Nation.class, List.of(Nation.values()), Nation::decode, Nation::find),
                new Table(MaritalStatus.class, List.of(MaritalStatus.values()), MaritalStatus::decode,
                        MaritalStatus::find),
                new Table(IdDocumentType.class, List.of(IdDocumentType.values()), IdDocumentType::decode,
                        IdDocumentType::find),
                new Table(AboBloodType.class, List.of(AboBloodType.values()), AboBloodType::decode,
                        AboBloodType::find),
                new Table(RhBloodType.class, List.of(RhBloodType.values()), RhBloodType::decode, RhBloodType::find));
    }

    @ParameterizedTest
    @MethodSource("tables")
    void codesUniqueAndRoundTrip(Table t) throws Exception {
        Set<String> codes = new HashSet<>();
        Set<String> labels = new HashSet<>();
        for (CodedValue v : t.values()) {
            assertTrue(codes.add(v.code()), "duplicate code " + v.code());
            assertTrue(labels.add(v.chineseLabel()), "duplicate label " + v.chineseLabel());
            assertSame(v, t.decode().decode(v.code()));
            assertEquals(Optional.of(v), t.find().apply(v.code()));
            assertFalse(v.englishName().isBlank());
            assertTrue(v.code().chars().allMatch(Character::isDigit));
        }
        assertEquals(Optional.empty(), t.find().apply("X"));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> t.decode().decode("77"));
        assertFalse(e.getMessage().contains("77"));
        assertThrows(MalformedDataException.class, () -> t.decode().decode(""));
    }

    @Test
    void nationTableMatchesGb3304() throws Exception {
        Nation[] all = Nation.values();
        assertEquals(58, all.length);
        for (int i = 0; i < 56; i++) {
            assertEquals(String.format("%02d", i + 1), all[i].code());
            assertTrue(all[i].chineseLabel().endsWith("族"), all[i].chineseLabel());
        }
        assertEquals(Nation.HAN, Nation.decode("01"));
        assertEquals("汉族", Nation.HAN.chineseLabel());
        assertEquals("朝鲜族", Nation.decode("10").chineseLabel());
        assertEquals("满族", Nation.decode("11").chineseLabel());
        assertEquals("毛南族", Nation.decode("36").chineseLabel());
        assertEquals("基诺族", Nation.decode("56").chineseLabel());
        assertEquals("其他", Nation.decode("97").chineseLabel());
        assertEquals("外国血统中国籍人士", Nation.decode("98").chineseLabel());
        assertThrows(MalformedDataException.class, () -> Nation.decode("1"));
        assertThrows(MalformedDataException.class, () -> Nation.decode("57"));
    }

    @Test
    void otherTablesKnownCodes() throws Exception {
        assertEquals(Gender.MALE, Gender.decode("1"));
        assertEquals("女性", Gender.decode("2").chineseLabel());
        assertEquals(Gender.UNSPECIFIED, Gender.decode("9"));
        assertEquals("未说明的婚姻状况", MaritalStatus.decode("90").chineseLabel());
        assertEquals(MaritalStatus.WIDOWED, MaritalStatus.decode("30"));
        assertEquals(IdDocumentType.RESIDENT_ID_CARD, IdDocumentType.decode("01"));
        assertEquals(IdDocumentType.OTHER, IdDocumentType.decode("99"));
        assertEquals(AboBloodType.AB, AboBloodType.decode("4"));
        assertEquals(AboBloodType.O, AboBloodType.decode("3"));
        assertEquals(RhBloodType.NEGATIVE, RhBloodType.decode("1"));
        assertEquals(RhBloodType.POSITIVE, RhBloodType.decode("2"));
    }
}
