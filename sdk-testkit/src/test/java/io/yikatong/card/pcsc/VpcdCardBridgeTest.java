package io.yikatong.card.pcsc;

import io.yikatong.testkit.card.VpcdCardBridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** VpcdCardBridge against a fake vpcd on a loopback port: protocol, controls, reconnect, close. No pcscd needed. */
class VpcdCardBridgeTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Plays vpcd's side of one connection. */
    private static final class FakeVpcd {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        FakeVpcd(ServerSocket server) throws IOException {
            server.setSoTimeout(10_000);
            socket = server.accept();
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        void sendOnly(byte[] payload) throws IOException {
            out.writeShort(payload.length);
            out.write(payload);
            out.flush();
        }

        byte[] exchange(byte[] payload) throws IOException {
            sendOnly(payload);
            int length = in.readUnsignedShort();
            byte[] answer = new byte[length];
            in.readFully(answer);
            return answer;
        }
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @Test
    void speaksVpcdProtocol() throws Exception {
        TestBackendCard card = new TestBackendCard("3b80800101", 1);
        try (ServerSocket server = listen();
                VpcdCardBridge bridge = VpcdCardBridge.start(card, "127.0.0.1", server.getLocalPort())) {
            FakeVpcd vpcd = new FakeVpcd(server);
            assertTrue(bridge.awaitConnected(5000));
            assertTrue(bridge.isConnected());
            assertArrayEquals(HEX.parseHex("3b80800101"), vpcd.exchange(new byte[] {4}), "get ATR");
            vpcd.sendOnly(new byte[] {1}); // power on: no answer
            vpcd.sendOnly(new byte[] {2}); // reset: no answer
            vpcd.sendOnly(new byte[] {0}); // power off: no answer
            // the next answer belongs to the next request, so nothing was answered to the controls
            assertArrayEquals(HEX.parseHex("9000"), vpcd.exchange(HEX.parseHex("00a4040002 3f00".replace(" ", ""))));
            byte[] read = vpcd.exchange(HEX.parseHex("00b0000010"));
            assertArrayEquals(Arrays.copyOf(TestBackendCard.fileContent(1), 16), Arrays.copyOf(read, 16));
            assertArrayEquals(HEX.parseHex("9000"), Arrays.copyOfRange(read, 16, 18));
            // a 1000-byte answer (extended Le) needs the 2-byte length's high byte
            byte[] big = vpcd.exchange(HEX.parseHex("00b00000" + "0003e8"));
            assertEquals(1002, big.length);
            assertArrayEquals(Arrays.copyOf(TestBackendCard.fileContent(1), 1000), Arrays.copyOf(big, 1000));
            assertEquals(3, bridge.apduCount());
            assertArrayEquals(HEX.parseHex("3b80800101"), vpcd.exchange(new byte[] {4}), "ATR again");
        }
    }

    @Test
    void powerOnAndResetResetTheCard() throws Exception {
        io.yikatong.testkit.card.VirtualCardTransport card = io.yikatong.testkit.card.VirtualHealthCards.transport(
                io.yikatong.testkit.card.VirtualHealthCards.example());
        try (ServerSocket server = listen();
                VpcdCardBridge bridge = VpcdCardBridge.start(card, "127.0.0.1", server.getLocalPort())) {
            FakeVpcd vpcd = new FakeVpcd(server);
            assertTrue(bridge.awaitConnected(5000));
            assertArrayEquals(HEX.parseHex("9000"), vpcd.exchange(HEX.parseHex("00a4000002ddf1")));
            assertArrayEquals(HEX.parseHex("9000"), vpcd.exchange(HEX.parseHex("00a4000002ef05")));
            assertEquals(5 + 2, vpcd.exchange(HEX.parseHex("00b2390005")).length, "EF05 is the current file: record and SW");
            vpcd.sendOnly(new byte[] {2}); // reset: the card is back at the MF, no current EF
            assertArrayEquals(HEX.parseHex("6986"), vpcd.exchange(HEX.parseHex("00b2390005")));
            assertArrayEquals(HEX.parseHex("9000"), vpcd.exchange(HEX.parseHex("00a4000002ddf1")));
            assertArrayEquals(HEX.parseHex("9000"), vpcd.exchange(HEX.parseHex("00a4000002ef05")));
            vpcd.sendOnly(new byte[] {0}); // power off
            vpcd.sendOnly(new byte[] {1}); // power on: reset as well
            assertArrayEquals(HEX.parseHex("6986"), vpcd.exchange(HEX.parseHex("00b2390005")));
        }
    }

    @Test
    void randomCommandsAreForwardedUnchanged() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[][] last = new byte[1][];
        io.yikatong.card.CardTransport echo = new io.yikatong.card.CardTransport() {
            @Override
            public byte[] transmit(byte[] commandApdu) {
                last[0] = commandApdu.clone();
                byte[] r = Arrays.copyOf(commandApdu, commandApdu.length + 2);
                r[r.length - 2] = (byte) 0x90;
                return r;
            }

            @Override
            public io.yikatong.core.Bytes atr() {
                return io.yikatong.core.Bytes.fromHex("3b00");
            }

            @Override
            public boolean supportsExtendedLength() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        try (ServerSocket server = listen();
                VpcdCardBridge bridge = VpcdCardBridge.start(echo, "127.0.0.1", server.getLocalPort())) {
            FakeVpcd vpcd = new FakeVpcd(server);
            for (int i = 0; i < 300; i++) {
                byte[] command = new byte[2 + random.nextInt(i % 10 == 0 ? 5000 : 300)];
                random.nextBytes(command);
                byte[] answer = vpcd.exchange(command);
                assertArrayEquals(command, last[0], "seed " + seed + " round " + i);
                assertArrayEquals(command, Arrays.copyOf(answer, command.length), "seed " + seed + " round " + i);
                assertEquals(0x90, answer[command.length] & 0xFF, "seed " + seed);
            }
        }
    }

    @Test
    void reconnectsWhenVpcdDropsTheConnection() throws Exception {
        TestBackendCard card = new TestBackendCard("3b80800101", 2);
        try (ServerSocket server = listen();
                VpcdCardBridge bridge = VpcdCardBridge.start(card, "127.0.0.1", server.getLocalPort())) {
            FakeVpcd first = new FakeVpcd(server);
            assertArrayEquals(HEX.parseHex("3b80800101"), first.exchange(new byte[] {4}));
            first.socket.close(); // pcscd restarted
            FakeVpcd second = new FakeVpcd(server);
            assertArrayEquals(HEX.parseHex("9000"), second.exchange(HEX.parseHex("00a4000000")));
        }
    }

    @Test
    void startsBeforeVpcdListensAndCloseRemovesTheCard() throws Exception {
        int port;
        try (ServerSocket probe = listen()) {
            port = probe.getLocalPort();
        }
        TestBackendCard card = new TestBackendCard("3b80800101", 3);
        VpcdCardBridge bridge = VpcdCardBridge.start(card, "127.0.0.1", port);
        try {
            assertFalse(bridge.awaitConnected(300), "nothing listens yet");
            try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                FakeVpcd vpcd = new FakeVpcd(server);
                assertTrue(bridge.awaitConnected(5000));
                assertArrayEquals(HEX.parseHex("3b80800101"), vpcd.exchange(new byte[] {4}));
                bridge.close(); // 拔卡: vpcd sees end of stream
                assertThrows(EOFException.class, () -> vpcd.in.readUnsignedShort());
                assertFalse(bridge.isConnected());
                // and it does not come back
                server.setSoTimeout(800);
                assertThrows(SocketTimeoutException.class, server::accept);
            }
        } finally {
            bridge.close();
        }
    }

    @Test
    void rejectsBadPort() {
        TestBackendCard card = new TestBackendCard("3b00", 0);
        assertThrows(InvalidInputException.class, () -> VpcdCardBridge.start(card, 0));
        assertThrows(InvalidInputException.class, () -> VpcdCardBridge.start(card, 65536));
    }
}
