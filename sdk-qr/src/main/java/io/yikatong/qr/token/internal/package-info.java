/**
 * Implementation details of the offline tokens; public classes here are not API and may change without notice.
 */
package io.yikatong.qr.token.internal;
