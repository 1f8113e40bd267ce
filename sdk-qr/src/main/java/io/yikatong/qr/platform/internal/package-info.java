/**
 * Internal HTTP plumbing shared by the platform clients and simulators of sdk-qr (JSON over {@code java.net.http},
 * a loopback {@code com.sun.net.httpserver} server). Not API: may change in any release without notice.
 */
package io.yikatong.qr.platform.internal;
