/**
 * Implementation details of the card e-wallet channel; not API.
 */
package io.yikatong.payment.purse.internal;
