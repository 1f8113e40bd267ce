package io.yikatong.card.pcsc;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import io.yikatong.core.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * A tiny card for the PC/SC end-to-end tests (the real virtual card lives in io.yikatong.testkit.card). Test scope only.
 * SELECT (00A4) -> 9000; READ BINARY (00B0, offset in P1-P2, short or extended Le) -> file bytes; GET DATA 00CA 0100
 * -> 61 2C then GET RESPONSE -> 44 bytes; INS EE -> the card dies (CardLinkException) mid-command; GET DATA 00CA 0300 -> 300 bytes in one answer (extended Le) or 256 + 61 2C
 * (short Le 00) then GET RESPONSE; anything else -> 6D00. Records every command it receives.
 */
final class TestBackendCard implements CardTransport {

    static final int FILE_SIZE = 1024;

    private final Bytes atr;
    private final byte[] file;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private byte[] pending = new byte[0];

    TestBackendCard(String atrHex, int seed) {
        this.atr = Bytes.fromHex(atrHex);
        this.file = fileContent(seed);
    }

    static byte[] fileContent(int seed) {
        byte[] f = new byte[FILE_SIZE];
        for (int i = 0; i < f.length; i++) {
            f[i] = (byte) (i * 7 + seed);
        }
        return f;
    }

    static byte[] dataObject(int length) {
        byte[] d = new byte[length];
        for (int i = 0; i < length; i++) {
            d[i] = (byte) (0xA0 ^ i);
        }
        return d;
    }

    List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    @Override
    public byte[] transmit(byte[] apdu) throws CardLinkException {
        commands.add(HexFormat.of().formatHex(apdu));
        if ((apdu[1] & 0xFF) == 0xEE) { // the card behind the bridge dies mid-command
            throw new CardLinkException(CardErrorCode.CARD_REMOVED, "test card pulled during INS EE", null);
        }
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        int ne = ne(apdu);
        return switch (ins) {
            case 0xA4 -> sw(new byte[0], 0x9000);
            case 0xB0 -> {
                int offset = (p1 << 8) | p2;
                if (offset >= file.length) {
                    yield sw(new byte[0], 0x6B00);
                }
                yield sw(Arrays.copyOfRange(file, offset, Math.min(file.length, offset + ne)), 0x9000);
            }
            case 0xCA -> getData(p1, ne);
            case 0xC0 -> {
                int n = Math.min(ne, pending.length);
                byte[] out = Arrays.copyOf(pending, n);
                pending = Arrays.copyOfRange(pending, n, pending.length);
                yield sw(out, pending.length == 0 ? 0x9000 : 0x6100 | Math.min(pending.length, 0xFF));
            }
            default -> sw(new byte[0], 0x6D00);
        };
    }

    private byte[] getData(int p1, int ne) {
        if (p1 == 1) {
            pending = dataObject(44);
            return sw(new byte[0], 0x612C);
        }
        if (p1 == 3) {
            byte[] all = dataObject(300);
            if (ne >= all.length) {
                return sw(all, 0x9000);
            }
            pending = Arrays.copyOfRange(all, ne, all.length);
            return sw(Arrays.copyOf(all, ne), 0x6100 | Math.min(pending.length, 0xFF));
        }
        return sw(new byte[0], 0x6A88);
    }

    /** Le of a case 2 / case 4 command, short or extended; 0 if none. */
    private static int ne(byte[] apdu) {
        if (apdu.length == 4) {
            return 0;
        }
        if (apdu.length == 5) {
            return apdu[4] == 0 ? 256 : apdu[4] & 0xFF;
        }
        if (apdu[4] == 0 && apdu.length == 7) {
            int le = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
            return le == 0 ? 65536 : le;
        }
        if (apdu[4] != 0) {
            int lc = apdu[4] & 0xFF;
            if (apdu.length == 5 + lc + 1) {
                return apdu[5 + lc] == 0 ? 256 : apdu[5 + lc] & 0xFF;
            }
            return 0;
        }
        int lc = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
        if (apdu.length == 7 + lc + 2) {
            int le = ((apdu[7 + lc] & 0xFF) << 8) | (apdu[8 + lc] & 0xFF);
            return le == 0 ? 65536 : le;
        }
        return 0;
    }

    private static byte[] sw(byte[] data, int sw) {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >>> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }

    @Override
    public Bytes atr() {
        return atr;
    }

    @Override
    public boolean supportsExtendedLength() {
        return true;
    }

    @Override
    public void close() {
    }
}
