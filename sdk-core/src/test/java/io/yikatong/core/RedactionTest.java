package io.yikatong.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void names() {
        assertEquals("张*", Redaction.name("张三"));
        assertEquals("欧*", Redaction.name("欧阳娜娜"));
        assertEquals("*", Redaction.name("张"));
        assertEquals("\uD840\uDC00*", Redaction.name("\uD840\uDC00\u4E00"));
        assertEquals("*", Redaction.name("\uD840\uDC00"));
        assertEquals("", Redaction.name(""));
        assertEquals("null", Redaction.name(null));
    }

    @Test
    void idNumbers() {
        assertEquals("110105********002*", Redaction.idNumber("11010519491231002X"));
        assertEquals("110105******002", Redaction.idNumber("110105491231002"));
        assertEquals("*******89", Redaction.idNumber("123456789"));
        assertEquals("****", Redaction.idNumber("1234"));
        assertEquals("null", Redaction.idNumber(null));
    }

    @Test
    void phones() {
        assertEquals("138****5678", Redaction.phone("13812345678"));
        assertEquals("010*******78", Redaction.phone("010-12345678"));
        assertEquals("*******", Redaction.phone("1234567"));
        assertEquals("null", Redaction.phone(null));
    }

    @Test
    void bytesAndApdus() {
        assertEquals("[16 bytes redacted]", Redaction.bytes(new byte[16]));
        assertEquals("00200000 +4 bytes redacted", Redaction.apdu(HexFormat.of().parseHex("0020000003123456")));
        assertEquals("04DC0104 +21 bytes redacted", Redaction.apdu(new byte[] {0x04, (byte) 0xDC, 0x01, 0x04,
            0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
        assertEquals("[3 bytes redacted]", Redaction.apdu(new byte[3]));
        assertEquals("null", Redaction.apdu(null));
    }
}
