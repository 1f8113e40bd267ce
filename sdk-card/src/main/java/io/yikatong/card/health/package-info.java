/**
 * The resident health card application (居民健康卡): typed records, certificates and DF03 record signatures.
 */
package io.yikatong.card.health;
