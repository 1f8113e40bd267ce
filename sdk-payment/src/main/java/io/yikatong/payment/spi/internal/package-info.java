/**
 * Internal machinery shared by the channels' wire clients (the HTTP exchange with its timeout and its mapping of
 * failures to the channel exception family). Not API: may change in any release.
 */
package io.yikatong.payment.spi.internal;
