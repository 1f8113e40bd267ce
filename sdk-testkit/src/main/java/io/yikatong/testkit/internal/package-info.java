/**
 * Implementation details shared by the payment channels and their simulators; not API.
 */
package io.yikatong.testkit.internal;
