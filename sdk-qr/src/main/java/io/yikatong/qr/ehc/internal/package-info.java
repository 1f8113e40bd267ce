/**
 * Internal implementation of the electronic health card client and simulator (request signing, the simulator's code
 * format). Not API: public only so that the client and the simulator share one implementation; may change in any
 * release without notice.
 */
package io.yikatong.qr.ehc.internal;
