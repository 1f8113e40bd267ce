/**
 * Time for the SDK. Every API whose result depends on the current time (certificate validity, QR token expiry, replay
 * windows, transaction timestamps) takes a {@link java.time.Clock} instead of reading the system clock, so tests,
 * simulators and demos can control time (sdk-testkit's {@code io.yikatong.testkit.SettableClock} is a clock that is set and
 * advanced by hand), and {@link io.yikatong.core.time.ChinaTime} names China Standard Time (Asia/Shanghai, UTC+8, no
 * daylight saving), the zone in which card dates ({@code yyyyMMdd}) and payment timestamps are written.
 */
package io.yikatong.core.time;
