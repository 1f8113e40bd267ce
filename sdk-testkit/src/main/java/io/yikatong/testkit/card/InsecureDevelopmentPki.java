package io.yikatong.testkit.card;

import io.yikatong.card.health.security.CardCertificate;
import io.yikatong.card.health.security.CardCertificateType;
import io.yikatong.card.health.security.InsecureSoftwareSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.crypto.InsecureKeyAccess;
import io.yikatong.core.crypto.KeyFormatException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm3;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The development certificate chain of the virtual cards — <b>never trust it in production</b>: a root key, an issuer
 * (发卡机构) certificate signed by the root and an organisation (SAM卡机构) certificate signed by the issuer, in the
 * SDK's compact certificate format ({@link CardCertificate}). Every private key is derived from a public seed
 * ({@code SM3("yikatong-development/pki/<name>")}), so anyone can sign as this "institution": it exists so that virtual
 * cards, the development SAM, the demo and tests can sign and verify DF03 records end to end.
 *
 * <p>The virtual health card's DDF1/EF05 tag 05 holds {@link #issuerCertificate()} unless its profile names another
 * one; {@link #securityModule()} signs with {@link #organisationKey()}.
 *
 * <p>The class holds no mutable state; all methods are static and thread-safe.
 *
 * @since 0.1
 */
public final class InsecureDevelopmentPki {

    /** The root's identifier (8 bytes, hex) written as the issuer id of the issuer certificate. */
    public static final String ROOT_ID = "59494B54524F4F54";
    /** The issuer's identifier (8 bytes, hex). */
    public static final String ISSUER_ID = "59494B5449535355";

    private static final Sm2PrivateKey ROOT = key("root");
    private static final Sm2PrivateKey ISSUER = key("issuer");
    private static final Sm2PrivateKey ORGANISATION = key("organisation");
    private static final LocalDate FROM = LocalDate.of(2020, 1, 1);
    private static final LocalDate TO = LocalDate.of(2099, 12, 31);
    private static final CardCertificate ISSUER_CERT = CardCertificate.builder()
            .type(CardCertificateType.ISSUER).subjectId(ISSUER_ID).issuerId(ROOT_ID).validity(FROM, TO)
            .subjectName("虚拟发卡机构(开发用)").publicKey(ISSUER.publicKey()).signWith(ROOT);
    private static final CardCertificate ORGANISATION_CERT = CardCertificate.builder()
            .type(CardCertificateType.ORGANISATION).subjectId("YKTDEVORG1").issuerId(ISSUER_ID).validity(FROM, TO)
            .subjectName("一卡通虚拟医院(开发用,不可信)").publicKey(ORGANISATION.publicKey()).signWith(ISSUER);

    private InsecureDevelopmentPki() {
    }

    /** @return the root public key: the trust anchor to give a verifier in development */
    public static Sm2PublicKey rootPublicKey() {
        return ROOT.publicKey();
    }

    /** @return the 180-byte issuer certificate */
    public static Bytes issuerCertificate() {
        return ISSUER_CERT.encoded();
    }

    /** @return the 190-byte organisation certificate */
    public static Bytes organisationCertificate() {
        return ORGANISATION_CERT.encoded();
    }

    /** @return the organisation's signing key (public knowledge: development only) */
    public static Sm2PrivateKey organisationKey() {
        return ORGANISATION;
    }

    /**
     * Returns the development security module with this chain's signing identity: the development master keys of
     * {@link InsecureSoftwareSecurityModule#developmentBuilder()} plus {@link #organisationKey()} and the two
     * certificates.
     *
     * @return the module
     */
    public static InsecureSoftwareSecurityModule securityModule() {
        return InsecureSoftwareSecurityModule.developmentBuilder()
                .signingIdentity(ORGANISATION, organisationCertificate(), issuerCertificate())
                .build();
    }

    private static Sm2PrivateKey key(String name) {
        byte[] d = Sm3.digest(("yikatong-development/pki/" + name).getBytes(StandardCharsets.UTF_8));
        d[0] &= 0x7F; // below the group order
        try {
            return Sm2PrivateKey.fromRawScalar(d, InsecureKeyAccess.get());
        } catch (KeyFormatException e) {
            throw new IllegalStateException("development key " + name + " is not a valid scalar", e);
        }
    }
}
