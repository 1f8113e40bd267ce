package io.yikatong.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RedactTest {

    @Test
    void names() {
        assertEquals("张*", Redact.name("张三"));
        assertEquals("欧*", Redact.name("欧阳娜娜"));
        assertEquals("*", Redact.name("张"));
        assertEquals("\uD840\uDC00*", Redact.name("\uD840\uDC00\u4E00"));
        assertEquals("*", Redact.name("\uD840\uDC00"));
        assertEquals("", Redact.name(""));
        assertEquals("null", Redact.name(null));
    }

    @Test
    void idNumbers() {
        assertEquals("110105********002X", Redact.idNumber("11010519491231002X"));
        assertEquals("110105******002", Redact.idNumber("110105491231002"));
        assertEquals("*******89", Redact.idNumber("123456789"));
        assertEquals("****", Redact.idNumber("1234"));
        assertEquals("null", Redact.idNumber(null));
    }

    @Test
    void phones() {
        assertEquals("138****5678", Redact.phone("13812345678"));
        assertEquals("010*******78", Redact.phone("010-12345678"));
        assertEquals("*******", Redact.phone("1234567"));
        assertEquals("null", Redact.phone(null));
    }

    @Test
    void bytesAndApdus() {
        assertEquals("[16 bytes redacted]", Redact.bytes(new byte[16]));
        assertEquals("00200000 +4 bytes redacted", Redact.apdu(HexFormat.of().parseHex("0020000003123456")));
        assertEquals("04DC0104 +21 bytes redacted", Redact.apdu(new byte[] {0x04, (byte) 0xDC, 0x01, 0x04,
            0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
        assertEquals("[3 bytes redacted]", Redact.apdu(new byte[3]));
        assertEquals("null", Redact.apdu(null));
    }
}
