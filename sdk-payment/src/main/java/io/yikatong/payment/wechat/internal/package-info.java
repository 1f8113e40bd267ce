/**
 * Implementation details of the WeChat Pay APIv3 channel: JSON helpers, resource ciphers, signature primitives.
 * Public classes here are not API and may change without notice.
 */
package io.yikatong.payment.wechat.internal;
