package io.yikatong.qr.ehc;

import java.util.Optional;

/**
 * The channel the HIS calls the platform through ({@code commonIn.channelNum}).
 *
 * <p>Evidence: the values come from a comment in public PHP client code of the Tencent platform (project reference
 * qr-credentials.md §1.2, source S5) [C, low authority]; the vendor documentation was not available. Values 2 and
 * other numbers are not documented.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum PlatformChannel {
    /** 0: WeChat service account (服务号). */
    WECHAT_SERVICE_ACCOUNT(0),
    /** 1: WeChat mini-program (小程序). */
    WECHAT_MINI_PROGRAM(1),
    /** 3: face-recognition terminal (人脸识别终端). */
    FACE_TERMINAL(3),
    /** 4: scan terminal (扫码终端), the usual value for a HIS counter or kiosk. */
    SCAN_TERMINAL(4);

    private final int channelNum;

    PlatformChannel(int channelNum) {
        this.channelNum = channelNum;
    }

    /**
     * Returns the value sent as {@code channelNum}.
     *
     * @return the channel number
     */
    public int channelNum() {
        return channelNum;
    }

    /**
     * Looks a channel number up.
     *
     * @param channelNum the number
     * @return the channel, or empty
     */
    public static Optional<PlatformChannel> find(int channelNum) {
        for (PlatformChannel c : values()) {
            if (c.channelNum == channelNum) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
