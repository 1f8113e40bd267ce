package io.yikatong.benchmarks;

import io.yikatong.card.ApduListener;
import io.yikatong.card.CardException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.core.Bytes;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.SimpleTlv;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The SDK's own cost per APDU (issue 3: target at most 2 µs): one READ RECORD of the holder's name (DDF1/EF06 record
 * 1, {@code 0B 1E <30 bytes GBK>}) through {@link CardSession} — command encoding, the status-word processors, the
 * response parse, the one-byte TLV decode and the GB18030 text decode — over an in-memory transport that answers with
 * a canned response (copied, as a real transport allocates). The baseline does the same with the JDK's
 * {@code javax.smartcardio} CommandAPDU/ResponseAPDU and a hand-written TLV slice, in the same run. The
 * {@code sdkWithListener} variant adds an {@link ApduListener} (what the redacted trace costs when someone listens).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ApduOverheadBenchmark {

    private byte[] response;
    private CardSession session;
    private CardSession tracedSession;
    private CardTransport transport;
    private long seen;

    @Setup
    public void setUp() {
        byte[] record = SimpleTlv.of(0x0B, Arrays.copyOf(GbText.encode("张晓虹"), 30)).encode();
        response = Arrays.copyOf(record, record.length + 2);
        response[record.length] = (byte) 0x90;
        transport = new CardTransport() {
            @Override
            public byte[] transmit(byte[] commandApdu) {
                return response.clone();
            }

            @Override
            public Bytes atr() {
                return Bytes.fromHex("3B6C");
            }

            @Override
            public boolean supportsExtendedLength() {
                return false;
            }

            @Override
            public void close() {
            }
        };
        session = CardSession.open(transport);
        ApduListener listener = exchange -> seen += exchange.response().dataLength();
        tracedSession = CardSession.builder(transport).listener(listener).build();
    }

    @Benchmark
    public String sdkReadRecord() throws CardException, MalformedDataException {
        return decode(session.readRecord(1, "read DDF1/EF06 record 1"));
    }

    @Benchmark
    public String sdkWithListener() throws CardException, MalformedDataException {
        return decode(tracedSession.readRecord(1, "read DDF1/EF06 record 1"));
    }

    @Benchmark
    public String baselineJavaxSmartcardio() throws Exception {
        byte[] raw = transport.transmit(new CommandAPDU(0x00, 0xB2, 0x01, 0x04, 256).getBytes());
        ResponseAPDU r = new ResponseAPDU(raw);
        if (r.getSW() != 0x9000) {
            throw new IllegalStateException("status " + Integer.toHexString(r.getSW()));
        }
        byte[] d = r.getData();
        int len = d[1] & 0xFF;
        if (d[0] != 0x0B || len + 2 > d.length) {
            throw new IllegalStateException("bad TLV");
        }
        return GbText.decode(Arrays.copyOfRange(d, 2, 2 + len), "name");
    }

    private static String decode(byte[] data) throws MalformedDataException {
        SimpleTlv tlv = SimpleTlv.decode(data, 0x0B);
        return GbText.decode(tlv.value().toByteArray(), "name");
    }
}
