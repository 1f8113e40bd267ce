/**
 * The local card agent ({@code yikatong agent}): an HTTP/1.1 + WebSocket service on 127.0.0.1 that lets
 * browser-based and non-Java HIS front ends read health and social security cards, classify and verify scanned codes
 * and take payments through the SDK. Built on Jetty 12 core handlers and Jetty's WebSocket support (a well-kept server
 * with a security record, instead of hand-written framing): {@link io.yikatong.samples.agent.HttpFront} (network
 * limits), {@link io.yikatong.samples.agent.GuardHandler} (token, origin and Host checks),
 * {@link io.yikatong.samples.agent.Router} and the endpoint classes. Start one with
 * {@link io.yikatong.samples.agent.AgentServer#builder()}.
 */
package io.yikatong.samples.agent;
