package io.yikatong.samples;

import io.yikatong.core.Money;
import io.yikatong.core.Redaction;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.codec.SimpleTlv;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.core.crypto.Sm3;
import io.yikatong.core.crypto.Sm4Cipher;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.crypto.Sm4Mode;
import io.yikatong.core.crypto.Sm4Padding;
import io.yikatong.core.domain.ResidentIdNumber;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * sdk-core in thirty lines: SM3, SM2 sign/verify, SM4-CBC, a card record, an ID number, money. Run it with
 * {@code java -cp samples/target/yikatong.jar io.yikatong.samples.CoreQuickStart}.
 */
public final class CoreQuickStart {

    private CoreQuickStart() {
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws Exception on any failure (this sample has no error handling beyond the verification failure it shows)
     */
    public static void main(String[] args) throws Exception {
        byte[] record = "outpatient visit 2026-11-23".getBytes(StandardCharsets.UTF_8);

        // SM3 digest
        System.out.println("sm3       " + Hex.encode(Sm3.digest(record)));

        // SM2: build signer and verifier once, share them across threads. Default user ID 1234567812345678, DER.
        Sm2KeyPair issuer = Sm2KeyPair.generate(new SecureRandom());
        Sm2Signer signer = Sm2Signer.builder(issuer.privateKey()).format(Sm2SignatureFormat.RAW).build();
        Sm2PublicKey trusted = Sm2PublicKey.fromPem(issuer.publicKey().toX509Pem());
        Sm2Verifier verifier = Sm2Verifier.builder(trusted).format(Sm2SignatureFormat.RAW).build();
        byte[] signature = signer.sign(record);
        verifier.verify(record, signature); // returns normally, or throws
        record[0] ^= 1;
        try {
            verifier.verify(record, signature);
        } catch (SignatureVerificationException e) {
            System.out.println("tampered  rejected: " + e.errorCode().code());
        }

        // SM4-CBC with PKCS#7; the key schedule is computed once in the key object
        Sm4Key key = Sm4Key.generate(new SecureRandom());
        Sm4Cipher cbc = Sm4Cipher.builder().key(key).mode(Sm4Mode.CBC).padding(Sm4Padding.PKCS7).build();
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        byte[] ciphertext = cbc.encrypt(iv, "张三".getBytes(StandardCharsets.UTF_8));
        System.out.println("sm4-cbc   " + new String(cbc.decrypt(iv, ciphertext), StandardCharsets.UTF_8));

        // A card record: tag 0B, 30 bytes of GB18030 text padded with 00 (the health card's "AN" type)
        SimpleTlv name = SimpleTlv.decode(SimpleTlv.of(0x0B, GbText.encode("张三", 30)).encode(), 0x0B);
        System.out.println("name      " + GbText.decode(name.value().toByteArray(), "name"));

        // Resident ID number: check digit verified, toString masks it (birth date and check character hidden), and a
        // masked view shows the birth year only, so that the two together do not rebuild the number
        ResidentIdNumber id = ResidentIdNumber.parse("11010519491231002X");
        System.out.println("id        " + id + " born " + Redaction.birthDate(id.birthDate()) + " "
                + id.gender().chineseLabel());

        // Money is long fen; channel units are exact strings
        System.out.println("fee       " + Money.parseYuan("12.30").fen() + " fen = " + Money.ofFen(1230).toYuanString());
    }
}
