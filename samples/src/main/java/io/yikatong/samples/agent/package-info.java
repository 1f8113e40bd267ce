/**
 * The local card agent ({@code yikatong agent}): a small HTTP/1.1 + WebSocket (RFC 6455) service on 127.0.0.1 that lets
 * browser-based and non-Java HIS front ends read the health card, classify scanned codes and take payments through
 * the SDK. Written on {@link java.net.ServerSocket} (the JDK has no WebSocket server): a strict request parser with
 * size limits ({@link io.yikatong.samples.agent.HttpRequestParser}), bearer-token authentication, an origin allow-list
 * and a Host check against DNS rebinding. Start one with {@link io.yikatong.samples.agent.AgentServer#builder()}.
 */
package io.yikatong.samples.agent;
