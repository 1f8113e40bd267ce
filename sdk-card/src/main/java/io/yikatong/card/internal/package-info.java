/**
 * Implementation shared by several card applications of sdk-card: the SM4 authentication cryptogram that the health
 * card and the social security card compute alike. Not API: public classes here may change without notice, and no
 * other module may import them (sdk-testkit's {@code ArchitectureTest} checks).
 */
package io.yikatong.card.internal;
