/**
 * Internal implementation of sdk-core. Not API: public only so that other Yikatong modules can share it; may change in
 * any release without notice.
 */
package io.yikatong.core.internal;
