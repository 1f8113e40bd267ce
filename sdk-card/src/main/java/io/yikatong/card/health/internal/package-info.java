/**
 * Implementation of the resident health card models: element tables, the DF03 item maps and the byte codecs. Not API:
 * public classes here may change without notice.
 */
package io.yikatong.card.health.internal;
