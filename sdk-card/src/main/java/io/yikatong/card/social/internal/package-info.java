/**
 * Implementation details of {@code io.yikatong.card.social}: the SSSE element table, record decoders and the
 * authentication cryptography. Public classes here are not API.
 */
package io.yikatong.card.social.internal;
