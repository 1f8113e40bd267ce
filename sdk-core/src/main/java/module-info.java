/**
 * Yikatong core: national cryptography (SM2, SM3, SM4, SM2 certificates), codecs (TLV, BCD, GB18030 text), domain
 * value types (money in fen, resident ID numbers …), China time and the error model every other module extends.
 *
 * <p>Internal packages are not exported; {@code io.yikatong.testkit} (development only) is the one friend module.
 */
module io.yikatong.core {
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;

    exports io.yikatong.core;
    exports io.yikatong.core.codec;
    exports io.yikatong.core.crypto;
    exports io.yikatong.core.domain;
    exports io.yikatong.core.time;

    exports io.yikatong.core.crypto.internal to io.yikatong.testkit;
}
