/**
 * Smart-card access for the resident health card (居民健康卡) and the social security card (社保卡): ISO/IEC 7816-4
 * command and response APDUs and status words. Transports, the protocol layer, the card models and the virtual cards
 * follow (see the project's issues).
 */
package io.yikatong.card;
