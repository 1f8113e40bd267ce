/**
 * Implementation of the DLL compatibility facade: the exception-to-return-code table and the security-module
 * decorator that tells SAM failures apart. Not API: public classes here may change without notice.
 */
package io.yikatong.card.compat.internal;
