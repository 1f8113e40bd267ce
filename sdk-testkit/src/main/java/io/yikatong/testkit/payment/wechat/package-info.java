/**
 * A WeChat Pay APIv3 gateway simulator on the loopback interface, shipped in the main jar so that integrators can
 * test against the same wire protocol: {@link io.yikatong.testkit.payment.wechat.WechatPaySimulator}.
 */
package io.yikatong.testkit.payment.wechat;
