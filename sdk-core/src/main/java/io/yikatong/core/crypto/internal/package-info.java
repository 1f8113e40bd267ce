/**
 * Internal engines behind {@code io.yikatong.core.crypto}: the SM3 compression function, the SM4 block cipher with
 * T-tables and its modes, GHASH. Not API: public only so that other Yikatong modules and the benchmarks can share
 * them; may change in any release without notice. Callers outside the SDK must use the key and cipher classes in
 * {@code io.yikatong.core.crypto}, which validate their inputs; these engines do not.
 */
package io.yikatong.core.crypto.internal;
