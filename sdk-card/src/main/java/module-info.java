/**
 * Yikatong card: card sessions over PC/SC (jnasmartcardio), the resident health card with its SAM security, the
 * social security card, the card e-purse with a PSAM, and the vendor-DLL compatibility facade.
 *
 * <p>Internal packages are not exported; {@code io.yikatong.testkit} (development only) is the one friend module.
 */
module io.yikatong.card {
    requires transitive io.yikatong.core;
    requires transitive java.smartcardio;
    // jnasmartcardio 0.2.7 has no Automatic-Module-Name: its name comes from the jar name (artifactId), which Maven
    // keeps; Maven warns about that once. It reads JNA (com.sun.jna, an automatic module) itself.
    requires jnasmartcardio;
    requires org.slf4j;

    exports io.yikatong.card;
    exports io.yikatong.card.compat;
    exports io.yikatong.card.health;
    exports io.yikatong.card.health.security;
    exports io.yikatong.card.pcsc;
    exports io.yikatong.card.purse;
    exports io.yikatong.card.social;

    exports io.yikatong.card.health.internal to io.yikatong.testkit;
    exports io.yikatong.card.health.security.internal to io.yikatong.testkit;
    exports io.yikatong.card.purse.internal to io.yikatong.testkit;
    exports io.yikatong.card.social.internal to io.yikatong.testkit;
}
