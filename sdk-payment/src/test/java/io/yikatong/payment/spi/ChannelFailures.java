package io.yikatong.payment.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.ErrorCategory;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/**
 * Assertions on the channel exception family: the kind (the class), the channel that raised it and its stable code
 * {@code payment.<channel>.<reason>}, so that a test asserts as much as a per-channel exception type used to. Shared
 * with sdk-testkit through the test-jar.
 */
public final class ChannelFailures {

    private static final Map<Class<?>, String> REASONS = Map.of(
            ChannelLinkException.class, "link_failed",
            ChannelRefusedException.class, "refused",
            ChannelMalformedResponseException.class, "malformed_response",
            ChannelSignatureException.class, "signature_invalid");
    private static final Map<Class<?>, ErrorCategory> CATEGORIES = Map.of(
            ChannelLinkException.class, ErrorCategory.LINK_FAILED,
            ChannelRefusedException.class, ErrorCategory.REFUSED,
            ChannelMalformedResponseException.class, ErrorCategory.MALFORMED_RESPONSE,
            ChannelSignatureException.class, ErrorCategory.VERIFICATION_FAILED);

    private ChannelFailures() {
    }

    /**
     * Asserts that a call throws a channel exception of a type, raised by a channel.
     *
     * @param <T> the expected type
     * @param type the expected type: one of the four kinds, or {@link ChannelException} for any kind
     * @param channel the channel identifier, for example {@code wechat}
     * @param call the call
     * @return the exception
     */
    public static <T extends ChannelException> T assertChannelThrows(Class<T> type, String channel, Executable call) {
        return assertChannel(type, channel, assertThrows(type, call));
    }

    /**
     * Asserts that a throwable is a channel exception of a type, raised by a channel.
     *
     * @param <T> the expected type
     * @param type the expected type: one of the four kinds, or {@link ChannelException} for any kind
     * @param channel the channel identifier, for example {@code wechat}
     * @param thrown the throwable
     * @return the exception
     */
    public static <T extends ChannelException> T assertChannel(Class<T> type, String channel, Throwable thrown) {
        T e = assertInstanceOf(type, thrown);
        assertEquals(channel, e.channel(), "channel of " + e);
        String reason = REASONS.get(e.getClass());
        if (e instanceof ChannelLinkException) {
            // a link failure may say more: the request was never sent, or something else answered (since 0.2)
            assertTrue(java.util.Set.of(ChannelErrorCode.Kind.LINK_FAILED, ChannelErrorCode.Kind.UNREACHABLE,
                    ChannelErrorCode.Kind.NOT_GATEWAY).contains(e.kind()), "kind of " + e);
            reason = e.kind().reason();
        }
        assertEquals("payment." + channel.replace('-', '_') + "." + reason, e.errorCode().code(), "code of " + e);
        assertEquals(CATEGORIES.get(e.getClass()), e.category(), "category of " + e);
        assertEquals(ChannelErrorCode.of(channel, e.kind()), e.errorCode());
        return e;
    }
}
