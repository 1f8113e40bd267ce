/**
 * QR encoding and rendering: {@link io.yikatong.qr.render.QrCodes} turns text into an immutable
 * {@link io.yikatong.qr.render.QrMatrix} (alphanumeric mode for EHC codes and signed tokens), which
 * {@link io.yikatong.qr.render.PngRenderer}, {@link io.yikatong.qr.render.SvgRenderer} and
 * {@link io.yikatong.qr.render.TerminalRenderer} draw with a quiet zone.
 */
package io.yikatong.qr.render;
