/**
 * A loopback simulator of the national medical insurance platform's 定点医药机构 interface (医保 "两定" 接口: 1101,
 * 2201…2208, 2601, 5203, 3201/3202, 9001/9002, 9101/9102) for tests and integrators, speaking the shipped province
 * profiles (national, Guangdong, Hebei, Hunan, Jiangxi) with their gateway signatures, and a fault menu for the
 * unknown outcomes the settlement client must resolve.
 *
 * @since 0.1
 */
package io.yikatong.testkit.payment.medicalinsurance.settlement;
