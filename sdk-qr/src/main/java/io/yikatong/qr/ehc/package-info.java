/**
 * Client of the electronic health card (电子健康卡) open platform API: register a card, look a card up by its QR text,
 * verify a scanned QR code, fetch a dynamic or static QR code, and report card use (用卡数据监测).
 *
 * <p>The API follows the Tencent "电子健康卡开放平台" shape (project reference qr-credentials.md §1.2): every call is
 * a POST of {@code {"commonIn":{...},"req":{...}}} signed with SHA-256 over the sorted parameters and the app secret.
 * Start with {@link io.yikatong.qr.ehc.EhcPlatformClient#builder()}. A local simulator of the same API for tests,
 * demos and HIS integration work lives in {@code io.yikatong.testkit.qr.ehc}.
 *
 * <p>Failures are typed: {@link io.yikatong.qr.ehc.EhcLinkException} (the platform could not be reached or did not
 * answer in time), {@link io.yikatong.qr.ehc.EhcPlatformException} (the platform answered with a result code other
 * than 0) and {@link io.yikatong.qr.ehc.EhcMalformedResponseException} (the answer is not the documented JSON).
 */
package io.yikatong.qr.ehc;
