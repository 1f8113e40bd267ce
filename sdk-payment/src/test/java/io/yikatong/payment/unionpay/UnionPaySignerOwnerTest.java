package io.yikatong.payment.unionpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.payment.unionpay.internal.AcpSigning;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may sign for UnionPay (signMethod 01): a certificate that chains to the configured root and whose subject CN
 * names the expected owner. UnionPay's signing certificates carry the CN in the {@code @} layout
 * ({@code 041@Z12@中国银联股份有限公司@00000001}); the owner is the third field.
 */
class UnionPaySignerOwnerTest {

    private static final String OWNER = UnionPayClient.DEFAULT_SIGNER_CN;
    private static final Instant NOW = Instant.now();
    private static final AcpCertificates.Issued ROOT = AcpCertificates.issue("Owner test root",
            AcpCertificates.rsaKeys(), null, true, BigInteger.ONE, NOW.minus(1, ChronoUnit.DAYS),
            NOW.plus(30, ChronoUnit.DAYS));
    private static final AcpCertificates.Issued MIDDLE = AcpCertificates.issue("Owner test middle",
            AcpCertificates.rsaKeys(), ROOT, true, BigInteger.TWO, NOW.minus(1, ChronoUnit.DAYS),
            NOW.plus(30, ChronoUnit.DAYS));

    private static UnionPayClient client(String expectedCn) {
        UnionPayClient.Builder b = UnionPayClient.builder().merId(UnionPayTestKeys.MER_ID)
                .rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(), UnionPayTestKeys.merchant().certificate())
                .trust(MIDDLE.certificate(), ROOT.certificate()).backUrl(URI.create("http://127.0.0.1:1/n"));
        if (expectedCn != null) {
            b.expectedSignerCn(expectedCn);
        }
        return b.build();
    }

    /** A notification signed by a signer certificate with this CN, chained to the trusted middle and root. */
    private static Map<String, String> signedBy(String cn) {
        AcpCertificates.Issued signer = AcpCertificates.issue(cn, AcpCertificates.rsaKeys(), MIDDLE, false,
                new BigInteger("69026276696"), NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS));
        Map<String, String> f = new TreeMap<>();
        f.put("version", "5.1.0");
        f.put("encoding", "UTF-8");
        f.put("signMethod", "01");
        f.put("merId", UnionPayTestKeys.MER_ID);
        f.put("orderId", "OWNER0001");
        f.put("respCode", "00");
        f.put("signPubKeyCert", AcpCertificates.toPem(signer.certificate()));
        f.put(AcpSigning.SIGNATURE, AcpSigning.rsaSign(signer.keys().getPrivate(), f));
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"041@Z12@中国银联股份有限公司@00000001", "041@Z2014-05-30@中国银联股份有限公司@00000062",
        "中国银联股份有限公司",
        "041@Z12@中国银联股份有限公司@"}) // four fields, the third the owner: UnionPay's SDK checks no other field
    void unionPaysLayoutAndThePlainNameAreAcceptedByDefault(String cn) throws Exception {
        client(null).verify("answer", signedBy(cn));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "041@Z12@中国银联股份有限公司X@00000001", // a longer name in the owner field
        "041@Z12@X中国银联股份有限公司@00000001",
        "041@Z12@中国银联股份有限公司 @00000001", // no trimming
        "041@中国银联股份有限公司@Z12@00000001", // the name in another field
        "中国银联股份有限公司@Z12@041@00000001",
        "041@Z12@00000001@中国银联股份有限公司",
        "041@Z12@中国银联股份有限公司", // fewer than four fields
        "Z12@中国银联股份有限公司@00000001",
        "@中国银联股份有限公司",
        "041@Z12@中国银联股份有限公司@00000001@extra", // more than four fields
        "041@Z12@中国银联股份有限公司@00000001@",
        "中国银联股份有限公司X",
        "某某科技有限公司"})
    void lookAlikesAreRejected(String cn) {
        ChannelSignatureException e = assertThrows(ChannelSignatureException.class,
                () -> client(null).verify("answer", signedBy(cn)));
        assertEquals("unionpay", e.channel());
    }

    @Test
    void theOverrideIsMatchedTheSameWay() throws Exception {
        // the test environment's owner field [?]: configured, it is read from the third field too
        client("00040000:SIGN").verify("answer", signedBy("041@Z12@00040000:SIGN@00000001"));
        assertThrows(ChannelSignatureException.class,
                () -> client("00040000:SIGN").verify("answer", signedBy("041@Z12@中国银联股份有限公司@00000001")));
        // a configured value with '@' is a whole CN and must match the whole CN
        String whole = "041@Z12@中国银联股份有限公司@00000001";
        client(whole).verify("answer", signedBy(whole));
        assertThrows(ChannelSignatureException.class,
                () -> client(whole).verify("answer", signedBy("041@Z12@中国银联股份有限公司@00000002")));
        assertThrows(ChannelSignatureException.class, () -> client(whole).verify("answer", signedBy(OWNER)));
    }

    @Test
    void ownerRuleDirectly() {
        assertEquals(true, AcpCertificates.ownerMatches("041@Z12@中国银联股份有限公司@00000001", OWNER));
        assertEquals(true, AcpCertificates.ownerMatches(OWNER, OWNER));
        assertEquals(false, AcpCertificates.ownerMatches("041@Z12@中国银联股份有限公司", OWNER));
        assertEquals(false, AcpCertificates.ownerMatches("a@b@中国银联股份有限公司@d@e", OWNER));
        assertEquals(false, AcpCertificates.ownerMatches("", OWNER));
        assertEquals(false, AcpCertificates.ownerMatches("041@Z12@@00000001", ""));
    }
}
