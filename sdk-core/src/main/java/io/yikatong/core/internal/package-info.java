/**
 * Internal implementation of sdk-core, used by sdk-core alone (the code-table index behind the
 * {@code io.yikatong.core.domain} enums). Not API: other modules must not import it (sdk-testkit's
 * {@code ArchitectureTest} fails the build if one does); may change in any release without notice.
 */
package io.yikatong.core.internal;
