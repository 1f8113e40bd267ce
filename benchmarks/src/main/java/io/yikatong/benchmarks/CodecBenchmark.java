package io.yikatong.benchmarks;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.BerTlv;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.codec.SimpleTlv;
import io.yikatong.core.codec.Tlv;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Card-data codecs on the per-APDU hot path, each next to a baseline in the same run: BER-TLV decode of an FCI against
 * BouncyCastle's ASN1InputStream (the FCI uses only one-byte tags, because BouncyCastle rejects EMV-style two-byte tags
 * such as 9F11 whose tag number is below 31), GB18030 strict decode of a padded 30-byte name against {@code new String(...)},
 * hex against {@link HexFormat}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    private final byte[] fci = Tlv.constructed(0x6F,
            Tlv.primitive(0x84, "1PAY.SYS.DDF01".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            Tlv.constructed(0xA5, Tlv.primitive(0x88, new byte[] {1}), Tlv.primitive(0x50, "DEBIT".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    Tlv.primitive(0x87, new byte[] {1}))).encode();
    private final byte[] name = Arrays.copyOf(GbText.encode("欧阳娜娜"), 30);
    private final byte[] record = SimpleTlv.of(0x0B, name).encode();
    private final byte[] data32 = new byte[32];
    private final String hex32 = HexFormat.of().formatHex(new byte[32]);

    @Benchmark
    public List<Tlv> berTlvDecodeFci() throws MalformedDataException {
        return BerTlv.decode(fci);
    }

    @Benchmark
    public ASN1Primitive baselineBouncyCastleAsn1Fci() throws IOException {
        try (ASN1InputStream in = new ASN1InputStream(fci)) {
            return in.readObject();
        }
    }

    @Benchmark
    public String gbTextDecodeName() throws MalformedDataException {
        return GbText.decode(name, "name");
    }

    @Benchmark
    public String baselineNewStringGb18030() {
        return new String(name, 0, 8, GbText.GB18030);
    }

    @Benchmark
    public String simpleTlvRecordToName() throws MalformedDataException {
        return GbText.decode(SimpleTlv.decode(record, 0x0B).value().toByteArray(), "name");
    }

    @Benchmark
    public String hexEncode() {
        return Hex.encode(data32);
    }

    @Benchmark
    public String baselineHexFormatEncode() {
        return HexFormat.of().formatHex(data32);
    }

    @Benchmark
    public byte[] hexParse() {
        return Hex.parse(hex32, "x");
    }

    @Benchmark
    public byte[] baselineHexFormatParse() {
        return HexFormat.of().parseHex(hex32);
    }
}
