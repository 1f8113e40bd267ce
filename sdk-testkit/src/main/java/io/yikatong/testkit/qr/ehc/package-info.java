/**
 * A local simulator of the electronic health card open platform for tests, demos and HIS integration work: real HTTP
 * on 127.0.0.1, the same API, signatures and envelopes as {@link io.yikatong.qr.ehc.EhcPlatformClient} speaks, and QR
 * codes in the real shapes (static {@code <64 hex>:1}, dynamic {@code <64 hex>:0:<32 hex>} that expire). Point a HIS
 * at {@link io.yikatong.testkit.qr.ehc.EhcPlatformSimulator#baseUri()} instead of the platform.
 *
 * <p>It is not a model of the real platform's internals: where the platform's behaviour is not documented, the
 * simulator's choice is named in the class javadoc.
 */
package io.yikatong.testkit.qr.ehc;
